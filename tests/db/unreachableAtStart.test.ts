import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/openDatabase';
import { startEngine } from '../../src/startEngine';
import { proxyDatabaseUrl } from '../support/proxyDatabaseUrl';
import type { TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let proxy: TcpProxy;
let proxiedUrl: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function answer(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  db = await createTestDatabase();
  ({ proxy, url: proxiedUrl } = await proxyDatabaseUrl(db));
});
afterAll(async () => {
  await proxy.close();
  await db.destroy();
});

describe('opening a database that cannot be reached at start', () => {
  it('retries, saying why and when, until the server answers', async () => {
    const told: { reason: string; retryInMs: number }[] = [];
    proxy.cut();
    const database = await openDatabase({
      databaseUrl: proxiedUrl,
      dataDir: '',
      poolSize: 2,
      onUnreachable: (reason, retryInMs) => {
        told.push({ reason, retryInMs });
        if (told.length === 2) proxy.restore();
      },
    });
    try {
      expect(await database.orm.em.getConnection().execute('select 1 as one')).toEqual([{ one: 1 }]);
      expect(told.map((t) => t.retryInMs)).toEqual([1_000, 2_000]);
    } finally {
      await database.close();
    }
  });
});

describe('the engine started while its database cannot be reached', () => {
  it('answers health at once, readyz 503 and webhooks 503 while it waits, then serves everything once the database answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'unreachable-start-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    proxy.cut();
    const starting = startEngine({
      DATABASE_URL: proxiedUrl,
      ENCRYPTION_KEY: 'ab'.repeat(32),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'silent',
    });
    let failed: unknown;
    starting.catch((error: unknown) => {
      failed = error;
    });
    try {
      let ready = await answer(`${url}/readyz`).catch(() => undefined);
      while (!ready && !failed) ready = await answer(`${url}/readyz`).catch(() => undefined);
      if (!ready) throw failed;
      const health = await answer(`${url}/healthz`);
      const webhook = await answer(`${url}/webhooks/twilio/00000000-0000-4000-8000-000000000001`, { method: 'POST', body: 'From=x' });
      // The reason turns to 'database unreachable' at the first refused connection.
      while ((ready.body as { reason: string }).reason !== 'database unreachable') ready = await answer(`${url}/readyz`);
      expect(health).toEqual({ status: 200, body: { status: 'ok' } });
      expect(ready).toEqual({ status: 503, body: { status: 'not_ready', reason: 'database unreachable' } });
      expect(webhook.status).toBe(503);
      proxy.restore();
      const engine = await starting;
      try {
        expect(engine.url).toBe(url);
        expect(await answer(`${url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready' } });
        expect((await answer(`${url}/webhooks/twilio/00000000-0000-4000-8000-000000000001`, { method: 'POST', body: 'From=x' })).status).toBe(404);
      } finally {
        await engine.stop();
      }
    } finally {
      proxy.restore();
      await starting.catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
