import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInboundSpool } from '../../src/inbound/createInboundSpool';
import { createApp } from '../../src/app/createApp';
import { healthRoutes } from '../../src/http/healthRoutes';
import { createLogger } from '../../src/logging/createLogger';
import { ManualClock, minutes } from '../support/manualClock';
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

  it('report not ready while a spooled webhook has waited beyond the bound, ready again once it is replayed', async () => {
    const clock = new ManualClock();
    const dir = await mkdtemp(join(tmpdir(), 'health-spool-'));
    const entry = { kind: 'status', channel: { id: '00000000-0000-4000-8000-000000000001', organizationId: '00000000-0000-4000-8000-000000000002' }, status: { providerMessageId: 'SM1', status: 'read', at: clock.now() }, spooledAt: clock.now() };
    await writeFile(join(dir, 'spool.jsonl'), `${JSON.stringify(entry)}\n`);
    const spool = createInboundSpool({ deps: { orm: db.orm, clock, logger: createLogger('silent') }, dir });
    await spool.recover();
    const app = healthRoutes(db, createLogger('silent'), spool);
    clock.advance(minutes(1));
    expect((await app.request('/readyz')).status).toBe(200);
    clock.advance(minutes(2));
    const stuck = await app.request('/readyz');
    expect(stuck.status).toBe(503);
    expect(await stuck.json()).toEqual({ status: 'not_ready', reason: 'inbound spool stuck', spool: { pending: 1, oldestAgeMs: minutes(3) } });
    await spool.replay();
    expect(await (await app.request('/readyz')).json()).toEqual({ status: 'ready', spool: { pending: 0 } });
  });
});
