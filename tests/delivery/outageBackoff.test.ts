import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import { systemClock } from '../../src/time/clock';
import { createLogger } from '../../src/logging/createLogger';
import { proxyDatabaseUrl } from '../support/proxyDatabaseUrl';
import type { TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let proxy: TcpProxy;
let proxied: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  const through = await proxyDatabaseUrl(db);
  proxy = through.proxy;
  proxied = await openDatabase({ databaseUrl: through.url, pooled: db.pooled, directUrl: db.directUrl, dataDir: '', poolSize: 2 });
});
afterAll(async () => {
  await proxied.close();
  await proxy.close();
  await db.destroy();
});

describe('the dispatcher during a database outage', () => {
  it('keeps its back-off however many webhooks wake it', async () => {
    const failures: string[] = [];
    const logger = createLogger('error', { write: (line: string) => void failures.push(line) });
    proxy.cut();
    const dispatcher = startDispatcher({ orm: proxied.orm, listenUrl: db.directUrl, clock: systemClock, logger, registry: { current: async () => undefined }, claimers: 1, pollMs: 60_000 });
    try {
      await waitFor('the first failed step', () => failures.length > 0);
      for (let wakes = 0; wakes < 20; wakes++) {
        dispatcher.wake();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(failures.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['dispatcher step failed']);
    } finally {
      proxy.restore();
      await dispatcher.stop();
    }
  });
});
