import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './lockDataDir';

export interface EmbeddedPostgres {
  /** postgres:// URL of the in-process server (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite in this process behind a PostgreSQL wire-protocol socket on 127.0.0.1, so the
 * ordinary driver and migrations serve it. Every connection shares one backend (see FACTS.md).
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const release = lockDataDir(dataDir);
  try {
    const db = await PGlite.create({ dataDir: join(dataDir, 'pg') });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
