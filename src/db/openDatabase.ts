import { MikroORM } from '@mikro-orm/postgresql';
import { initOrmWhenReachable, type OnUnreachable } from './initOrmWhenReachable';
import { openReadReplica, type ReadReplica } from './openReadReplica';
import { ormOptions } from './ormOptions';
import { openHotPath, type HotPath } from '../hotPath/openHotPath';

export interface Database {
  orm: MikroORM;
  /** The hot path's own pool of prepared statements, on the same server (connects on demand). */
  hot: HotPath;
  /** True when running on the in-process PGlite (one backend shared by every connection). */
  embedded: boolean;
  /** True when the ORM and the hot path reach the server through a transaction-mode pooler. */
  pooled: boolean;
  /** The server itself, for what a transaction-mode pooler cannot carry (LISTEN, migrations); unset on the embedded database. */
  directUrl?: string;
  /** The streaming replica for reads that may lag, when `replicaUrl` is set. */
  replica?: ReadReplica;
  close(): Promise<void>;
}

export interface DatabaseSettings {
  /** postgres:// URL; unset starts the embedded database in dataDir. */
  databaseUrl?: string;
  /** Folder of the embedded database. */
  dataDir: string;
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

/** Connects to PostgreSQL, or starts the embedded one when no URL is given. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.databaseUrl) {
    const pooled = settings.pooled ?? false;
    const orm = await initOrmWhenReachable(ormOptions(settings.databaseUrl, settings.poolSize, { pooled }), settings.onUnreachable);
    const hot = openHotPath({ url: settings.databaseUrl, poolSize: settings.poolSize, embedded: false, pooled });
    const replica = settings.replicaUrl ? await openReadReplica(settings.replicaUrl, Math.min(settings.poolSize, 4)) : undefined;
    return {
      orm,
      hot,
      embedded: false,
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
  // PGlite (about 40 MB of the process's memory once loaded) is imported only when it runs.
  const { startEmbeddedPostgres } = await import('./embedded/startEmbeddedPostgres');
  const embedded = await startEmbeddedPostgres(settings.dataDir, 4);
  try {
    // PGlite runs one protocol message at a time across connections that share one session, so
    // two connections' unnamed statements can replace each other between Parse and Bind ("unnamed
    // prepared statement does not exist", then a stalled engine). One connection for the ORM, and
    // one for the hot path, whose transactions open with a plain BEGIN (PGlite then serves that
    // connection alone until COMMIT): nothing of the two interleaves.
    const orm = await MikroORM.init(ormOptions(embedded.url, 1, { embedded: true }));
    const hot = openHotPath({ url: embedded.url, poolSize: 1, embedded: true, pooled: false });
    return {
      orm,
      hot,
      embedded: true,
      pooled: false,
      async close() {
        await hot.close();
        await orm.close(true);
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
