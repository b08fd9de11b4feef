import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** What `startEmbeddedPostgres` gives the thread. */
export interface EmbeddedThreadSettings {
  pgDataDir: string;
  maxConnections: number;
}

/** What the thread tells the main thread. */
export type FromEmbeddedThread = { kind: 'listening'; address: string } | { kind: 'failed'; message: string };

// The embedded database's thread (`startEmbeddedPostgres`): PGlite and its socket server, so that
// PostgreSQL's WebAssembly runs beside the engine's JavaScript, not between its turns.
if (!parentPort) throw new Error('embeddedPostgresThread.ts runs as a worker thread (startEmbeddedPostgres)');
const port = parentPort;
const settings = workerData as EmbeddedThreadSettings;
const post = (message: FromEmbeddedThread) => port.postMessage(message);

try {
  const db = await PGlite.create({ dataDir: settings.pgDataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: settings.maxConnections });
  await server.start();
  port.once('message', async () => {
    await server.stop();
    await db.close();
    port.close();
  });
  post({ kind: 'listening', address: server.getServerConn() });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  port.close();
}

