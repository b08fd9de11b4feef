import type { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from './embedded/startEmbeddedPostgres';
import { initOrmWhenReachable, type OnUnreachable } from './initOrmWhenReachable';
import { openReadReplica, type ReadReplica } from './openReadReplica';
import { ormOptions } from './ormOptions';
import { openHotPath, type HotPath } from '../hotPath/openHotPath';

export interface Database {
  orm: MikroORM;
  /** The hot path's own pool of prepared statements, on the same server (connects on demand). */
  hot: HotPath;
  /** True when the ORM and the hot path reach the server through a transaction-mode pooler. */
  pooled: boolean;
  /** The server itself, for what a transaction-mode pooler cannot carry (LISTEN, migrations); the embedded server's URL when it runs. */
  directUrl: string;
  /** The streaming replica for reads that may lag, when `replicaUrl` is set. */
  replica?: ReadReplica;
  close(): Promise<void>;
}

export interface DatabaseSettings {
  /** postgres:// URL; unset starts the embedded database in dataDir. */
  databaseUrl?: string;
  /** Folder of the embedded database. */
  dataDir: string;
  /** The embedded database's port on 127.0.0.1 (EMBEDDED_DATABASE_PORT); default a free one. */
  embeddedPort?: number;
  /** Where the embedded database's start-up steps are told; default stderr. */
  say?: (line: string) => void;
  /** Connections in the pool. */
  poolSize: number;
  /** `databaseUrl` is a transaction-mode pooler (PgBouncer): unnamed statements, no startup options. */
  pooled?: boolean;
  /** The server itself (LISTEN, migrations); default `databaseUrl`. */
  directUrl?: string;
  /** A streaming replica of it (DATABASE_REPLICA_URL), for reads that may lag. */
  replicaUrl?: string;
  /** Set, an unreachable server (DATABASE_URL) is waited for, retrying, instead of failing at once. */
  onUnreachable?: OnUnreachable;
}

/** Connects to PostgreSQL, or starts the embedded one (`startEmbeddedPostgres`) when no URL is given and uses it the same way. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.databaseUrl) return openServer({ ...settings, databaseUrl: settings.databaseUrl });
  const server = await startEmbeddedPostgres(settings.dataDir, { port: settings.embeddedPort, say: settings.say });
  try {
    const database = await openServer({ ...settings, databaseUrl: server.url, pooled: false, directUrl: undefined });
    return {
      ...database,
      async close() {
        try {
          await database.close();
        } finally {
          await server.stop();
        }
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function openServer(settings: DatabaseSettings & { databaseUrl: string }): Promise<Database> {
  const pooled = settings.pooled ?? false;
  const orm = await initOrmWhenReachable(ormOptions(settings.databaseUrl, settings.poolSize, { pooled }), settings.onUnreachable);
  const hot = openHotPath({ url: settings.databaseUrl, poolSize: settings.poolSize, pooled });
  const replica = settings.replicaUrl ? await openReadReplica(settings.replicaUrl, Math.min(settings.poolSize, 4)) : undefined;
  return {
    orm,
    hot,
    pooled,
    directUrl: settings.directUrl ?? settings.databaseUrl,
    replica,
    async close() {
      await replica?.close();
      await hot.close();
      await orm.close(true);
    },
  };
}
