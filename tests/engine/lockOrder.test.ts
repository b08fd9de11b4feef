import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { findWorkerByPhone } from '../../src/engine/findWorkerByPhone';
import { lockActiveConversation } from '../../src/engine/lockActiveConversation';
import { changeProgramStatus } from '../../src/programs/changeProgramStatus';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let world: EngineWorld;
let probe: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
  probe = new pg.Client({ connectionString: db.url });
  await probe.connect();
});
afterAll(async () => {
  await probe.end();
  await db.destroy();
});

/** What a foreign-key check does to the referenced row (a message, a broadcast recipient naming the worker); NOWAIT: refused at once if it would wait. */
async function keyShareNow(table: 'workers' | 'conversations', id: string): Promise<number> {
  return (await probe.query(`select 1 from ${table} where id = $1 for key share nowait`, [id])).rowCount ?? 0;
}

describe("the engine's row locks", () => {
  it('let foreign-key checks through while a step holds its worker, and program completion waits in the same order instead of deadlocking', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    // Up to the reflection question, which waits a day: the conversation has timers.
    for (const answer of ['banana', 'TEAM APP', '1']) expect(await world.say(worker.phoneNumber!, answer)).toMatchObject({ kind: 'advanced' });
    const timers = await world.sql<{ id: string }>('select id from timers where organization_id = :organization_id');
    expect(timers.length).toBeGreaterThan(0);

    let locked!: () => void;
    const stepLocked = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const stepMayGoOn = new Promise<void>((resolve) => (release = resolve));
    // An inbound step: the worker, then the conversation, then (after the others have queued up) its timer writes.
    const step = world.em().transactional(async (tx) => {
      await findWorkerByPhone(tx, worker.phoneNumber!);
      const conversation = await lockActiveConversation(tx, worker.id);
      locked();
      await stepMayGoOn;
      await scopedSql(tx, 'delete from timers where organization_id = :organization_id and conversation_id = :conversation', { conversation: conversation!.id });
    });
    await stepLocked;
    let completion: ReturnType<typeof changeProgramStatus> | undefined;
    try {
      const [conversation] = await world.sql<{ id: string }>(`select id from conversations where organization_id = :organization_id and worker_id = :worker`, { worker: worker.id });
      expect(await keyShareNow('workers', worker.id)).toBe(1);
      expect(await keyShareNow('conversations', conversation.id)).toBe(1);

      completion = changeProgramStatus(world.em(), world.program.id, 'complete', world.clock.now());
      await waitFor('the completion to wait for a lock the step holds', async () => {
        const { rows } = await probe.query<{ waiting: string }>(`select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return rows[0].waiting === '1';
      });
    } finally {
      release();
    }
    await step;
    expect(await completion).toEqual({ status: 'completed' });
    expect(await world.sql('select status from conversations where organization_id = :organization_id')).toEqual([{ status: 'ended' }]);
  });
});
