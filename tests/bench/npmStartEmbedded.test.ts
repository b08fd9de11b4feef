import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngineProcess, type EngineProcess } from '../../src/bench/startEngineProcess';
import { clusterDirOf, embeddedServerAddress } from '../../src/db/embedded/embeddedServerAddress';
import { demoIds } from '../../src/demo/seedDemo';
import { isProcessRunning } from '../support/isProcessRunning';
import { waitFor } from '../support/waitFor';

const dataDir = mkdtempSync(join(tmpdir(), 'coaching-npm-start-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: embeddedServerAddress(dataDir).url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const sentReplies = () => onServer(async (client) => (await client.query<{ n: number }>(`select count(*)::int as n from messages where direction = 'outbound' and status = 'sent'`)).rows[0].n);

describe('npm start without DATABASE_URL (the embedded PostgreSQL in DATA_DIR)', () => {
  it('serves on its own server like any other (LISTEN, a reply sent), survives a kill -9 of the engine, and stops the server on shutdown', async () => {
    const adminToken = randomBytes(16).toString('hex');
    const env = { DATA_DIR: dataDir, DEMO: 'true', LOG_LEVEL: 'warn', ADMIN_TOKEN: adminToken };
    let engine: EngineProcess = await startEngineProcess(env);
    try {
      const answer = await fetch(`${engine.url}/console/${demoIds.consoleChannel}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+15550000101', text: '1' }),
      });
      expect(answer.status).toBe(200);
      await waitFor('the reply sent', async () => (await sentReplies()) > 0, 60_000);
      // The real server's code paths: the dispatcher's and the channel registry's listeners.
      const listening = await onServer(async (client) => (await client.query<{ query: string }>(`select query from pg_stat_activity where query ilike 'listen %' order by query`)).rows.map((row) => row.query));
      expect(listening.some((query) => query.includes('outbox'))).toBe(true);
      expect(listening.some((query) => query.includes('channel_changed'))).toBe(true);

      const left = embeddedServerAddress(dataDir).pid;
      await engine.kill();
      expect(isProcessRunning(left)).toBe(true);
      engine = await startEngineProcess(env);
      await waitFor('the server left by the killed engine to exit', () => !isProcessRunning(left), 10_000);
      expect(embeddedServerAddress(dataDir).pid).not.toBe(left);
      expect(await sentReplies()).toBeGreaterThan(0);
    } finally {
      await engine.stop();
    }
    expect(existsSync(join(clusterDirOf(dataDir), 'postmaster.pid'))).toBe(false);
  }, 300_000);
});
