import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHotPath, type HotPath } from '../../src/hotPath/openHotPath';
import { defineSystemStatement } from '../../src/hotPath/systemStatement';
import { openIntakePool } from '../../src/inbound/openIntakePool';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// pg closes a connection idle this long unless told otherwise.
const PG_DEFAULT_IDLE_MS = 10_000;
const backendPid = defineSystemStatement('test_backend_pid', 'test', 'select pg_backend_pid() as pid');

let db: TestDatabase;
let hot: HotPath;
let intake: ReturnType<typeof openIntakePool>;

beforeAll(async () => {
  db = await createTestDatabase();
  hot = openHotPath({ url: db.directUrl, poolSize: 1, pooled: false });
  intake = openIntakePool(db.directUrl);
});

afterAll(async () => {
  await hot?.close();
  await intake?.end();
  await db?.close();
});

describe('connections of the hot path and of the intake after a quiet spell', () => {
  it('are the same server connections as before it: a surge after it neither reconnects nor plans its statements again', async () => {
    const hotPid = async () => (await hot.runSystem(backendPid, []))[0].pid;
    const intakePid = async () => (await intake.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const before = [await hotPid(), await intakePid()];
    await new Promise((resolve) => setTimeout(resolve, PG_DEFAULT_IDLE_MS + 1_000));
    expect([await hotPid(), await intakePid()]).toEqual(before);
    expect(hot.pool.totalCount).toBe(1);
  }, 30_000);
});
