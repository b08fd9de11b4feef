import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/openDatabase';
import { startTcpProxy, type TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let proxy: TcpProxy;

beforeAll(async () => {
  db = await createTestDatabase();
  const url = new URL(db.url);
  proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
});
afterAll(async () => {
  await proxy.close();
  await db.destroy();
});

describe('opening a database that cannot be reached at start', () => {
  it('retries, saying why and when, until the server answers', async () => {
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const told: { reason: string; retryInMs: number }[] = [];
    proxy.cut();
    const database = await openDatabase({
      databaseUrl: url.toString(),
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
