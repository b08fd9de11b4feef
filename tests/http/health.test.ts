import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/createApp';
import { createLogger } from '../../src/logging/createLogger';
import { adminQuery } from '../support/postgresAdmin';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe('health endpoints', () => {
  it('report alive and ready, then not ready once the database is unreachable, its error in the log only', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString('utf8')); done(); } });
    const app = createApp({ database: db, logger: createLogger('info', sink) });
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const name = new URL(db.url).pathname.slice(1);
    await adminQuery(`alter database ${name} with allow_connections false`);
    await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    try {
      const notReady = await app.request('/readyz');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'not_ready', reason: 'database unreachable' });
      expect(lines.join('')).toContain('readyz: database unreachable');
      expect((await app.request('/healthz')).status).toBe(200);
    } finally {
      await adminQuery(`alter database ${name} with allow_connections true`);
    }
  });
});
