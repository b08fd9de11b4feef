import type { Config } from './loadConfig';

/** Where the database is, as `openDatabase` takes it (the pool size is each caller's own). */
export interface ConnectionSettings {
  databaseUrl?: string;
  pooled: boolean;
  directUrl?: string;
  replicaUrl?: string;
  dataDir: string;
  embeddedPort?: number;
}

/** The connection part of the configuration: the pooler or server, whether pooled, the direct URL, the replica, the embedded folder. */
export function connectionSettings(config: Config): ConnectionSettings {
  return { databaseUrl: config.DATABASE_URL, pooled: config.DATABASE_POOLED, directUrl: config.DATABASE_DIRECT_URL, replicaUrl: config.DATABASE_REPLICA_URL, dataDir: config.DATA_DIR, embeddedPort: config.EMBEDDED_DATABASE_PORT };
}
