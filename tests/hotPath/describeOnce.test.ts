import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../support/countStatements';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
let counter: ReturnType<typeof countStatements>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
  counter = countStatements(db);
});
afterAll(() => db.destroy());

describe("the hot path's row descriptions", () => {
  it("come once per statement and connection: a step on a connection that ran its statements before is sent and answered without Describe, and still reads its rows", async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    counter.reset();
    expect(await world.say(worker.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    // The step's two statements, described on their first run on this connection.
    expect({ hot: counter.hotRoundTrips, described: counter.hotRowDescriptions }).toEqual({ hot: 2, described: 2 });

    const other = await world.addWorker();
    await world.enroll(other.id);
    counter.reset();
    // The same statements on the same (idle, reused) connection: their columns are known.
    expect(await world.say(other.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    expect({ hot: counter.hotRoundTrips, described: counter.hotRowDescriptions }).toEqual({ hot: 2, described: 0 });
    // Its rows were read all the same: the step's read gave the machine its state, the write queued the same replies.
    const replies = async (workerId: string) =>
      (await world.sql<{ body: string }>("select body from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq", { worker: workerId })).map((row) => row.body);
    expect(await replies(other.id)).toEqual(await replies(worker.id));
  });
});
