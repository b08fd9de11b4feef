import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { threadEntry } from '../../files/threadEntry';
import { lockDataDir } from './lockDataDir';
import type { EmbeddedThreadSettings, FromEmbeddedThread } from './embeddedPostgresThread';

export interface EmbeddedPostgres {
  /** postgres:// URL of the in-process server (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite in a worker thread of this process behind a PostgreSQL wire-protocol socket on
 * 127.0.0.1, so the ordinary driver and migrations serve it. Every connection shares one backend
 * (see FACTS.md).
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const release = lockDataDir(dataDir);
  const settings: EmbeddedThreadSettings = { pgDataDir: join(dataDir, 'pg'), maxConnections };
  const worker = new Worker(threadEntry(import.meta.url, './loadEmbeddedPostgresThread.mjs', 'embeddedPostgresThread'), { workerData: settings, execArgv: process.execArgv.filter((flag) => flag === '--enable-source-maps') });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  try {
    const address = await new Promise<string>((resolve, reject) => {
      worker.once('message', (message: FromEmbeddedThread) =>
        message.kind === 'listening' ? resolve(message.address) : reject(new Error(`the embedded database did not start: ${message.message}`)),
      );
      worker.once('error', reject);
      void exited.then((code) => reject(new Error(`the embedded database's thread exited with code ${code} before it listened`)));
    });
    return {
      url: `postgres://postgres@${address}/postgres`,
      async stop() {
        worker.postMessage('stop');
        await exited;
        release();
      },
    };
  } catch (error) {
    await worker.terminate();
    release();
    throw error;
  }
}
