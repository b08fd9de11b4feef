import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/openDatabase';
import { proxyDatabaseUrl } from '../support/proxyDatabaseUrl';
import type { TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let proxy: TcpProxy;
let proxiedUrl: string;

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
