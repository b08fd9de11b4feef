import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBlueprintVersion } from '../../src/blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { enrollWorker } from '../../src/engine/enrollWorker';
import { countStatements } from '../support/countStatements';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { subscribeToEvents } from '../support/subscribeToEvents';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
let counter: ReturnType<typeof countStatements>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'bench-quiz' });
  await subscribeToEvents(world, ['program.completed', 'journey.completed']);
  counter = countStatements(db);
});
afterAll(() => db.destroy());

/** A worker of the bench quiz who answered its first five questions: the next answer ends the journey. */
async function workerAtLastQuestion() {
  const worker = await world.addWorker({ fullName: 'Ana Bench' });
  await world.enroll(worker.id);
  for (let answer = 1; answer <= 5; answer++) await world.say(worker.phoneNumber!, '1');
  return worker;
}

async function journeyEnd(workerId: string) {
  const [row] = await world.sql<{ conversation: string; assignment: string; badges: number; program_events: number; journey_events: number }>(
    `select (select string_agg(status, ',' order by status) from conversations where organization_id = :organization_id and worker_id = :worker) as conversation,
            (select string_agg(status, ',' order by status) from worker_assignments where organization_id = :organization_id and worker_id = :worker) as assignment,
            (select count(*)::int from worker_badges where organization_id = :organization_id and worker_id = :worker) as badges,
            (select count(*)::int from domain_events where organization_id = :organization_id and worker_id = :worker and type = 'program.completed') as program_events,
            (select count(*)::int from domain_events where organization_id = :organization_id and worker_id = :worker and type = 'journey.completed') as journey_events`,
    { worker: workerId },
  );
  return row;
}

describe("a journey's last step on the hot path", () => {
  it('is three round trips (read, the assignments completed, every write and the points with COMMIT), nothing on the ORM: the conversation and the program completed, the badge awarded and announced', async () => {
    const worker = await workerAtLastQuestion();
    counter.reset();
    expect(await world.say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced', completed: true });
    expect({ hot: counter.hotRoundTrips, orm: counter.ormStatements }).toEqual({ hot: 3, orm: 0 });
    expect(await journeyEnd(worker.id)).toEqual({ conversation: 'completed', assignment: 'completed', badges: 1, program_events: 1, journey_events: 1 });
    const replies = (await world.log(worker.id)).filter((m) => m.direction === 'outbound').slice(-2);
    expect(replies.map((m) => m.body)).toEqual(['All done, Ana: 6 of 6 right.', expect.stringContaining('Quiz finisher')]);
  });

  it('does not announce a badge the worker already had, nor give it twice', async () => {
    const worker = await workerAtLastQuestion();
    await world.sql(
      `insert into worker_badges (worker_id, badge_id, organization_id) select :worker, id, organization_id from badges where organization_id = :organization_id and key = 'quiz-finisher'`,
      { worker: worker.id },
    );
    counter.reset();
    expect(await world.say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced', completed: true });
    expect(counter.ormStatements).toBe(0);
    expect(await journeyEnd(worker.id)).toMatchObject({ conversation: 'completed', badges: 1 });
    const last = (await world.log(worker.id)).filter((m) => m.direction === 'outbound').at(-1);
    expect(last?.body).toBe('All done, Ana: 6 of 6 right.');
  });

  it("leaves a journey followed by another to the ORM path, which starts the next one", async () => {
    const flow = validateFlowFile(join('flows', 'onboarding.yaml'));
    const onboarding = await storeBlueprintVersion(world.em(), flow.doc!, { publish: true });
    const nextProgram = randomUUID();
    await world.sql(`insert into programs (id, organization_id, name, status) values (:id, :organization_id, 'Next program', 'active')`, { id: nextProgram });
    await world.sql(
      `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program) values (:organization_id, :program, :blueprint, 1)`,
      { program: nextProgram, blueprint: onboarding.id },
    );
    const worker = await workerAtLastQuestion();
    await world.em().transactional((tx) => enrollWorker(tx, worker.id, nextProgram, world.channel.id, world.clock.now()));
    counter.reset();
    expect(await world.say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced', completed: true });
    expect(counter.ormStatements).toBeGreaterThan(0);
    const conversations = await world.sql<{ key: string; status: string }>(
      `select jb.key, c.status from conversations c join journey_blueprints jb on jb.id = c.journey_blueprint_id
        where c.organization_id = :organization_id and c.worker_id = :worker order by c.started_at, jb.key`,
      { worker: worker.id },
    );
    expect(conversations).toEqual(expect.arrayContaining([{ key: 'bench-quiz', status: 'completed' }, { key: flow.doc!.blueprint.key, status: 'active' }]));
    expect(await journeyEnd(worker.id)).toMatchObject({ badges: 1 });
  });
});

async function points(workerId: string) {
  const [row] = await world.sql<{ ledger: number; entries: number; balance: number; week: number }>(
    `select (select coalesce(sum(points), 0)::int from gamification_ledger where organization_id = :organization_id and worker_id = :worker) as ledger,
            (select count(*)::int from gamification_ledger where organization_id = :organization_id and worker_id = :worker) as entries,
            (select coalesce(sum(points), 0)::int from gamification_balances where organization_id = :organization_id and worker_id = :worker) as balance,
            (select coalesce(sum(points), 0)::int from gamification_weekly_points where organization_id = :organization_id and worker_id = :worker) as week`,
    { worker: workerId },
  );
  return row!;
}

describe("a quiz answer's points on the hot path", () => {
  it("are written with the step's writes when the worker was active in the streak period; on their own, then left to the ORM path, when they are the worker's first activity of it", async () => {
    // Another worker's answer: the ORM path it takes loads the organization's rules (the hot path reads them cached).
    const other = await world.addWorker();
    await world.enroll(other.id);
    await world.say(other.phoneNumber!, '1');
    const worker = await world.addWorker();
    // Enrolled, the worker completed the journey's first touchpoints today.
    await world.enroll(worker.id);
    counter.reset();
    expect(await world.say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });
    expect({ hot: counter.hotRoundTrips, orm: counter.ormStatements }).toEqual({ hot: 2, orm: 0 });
    const sameDay = await points(worker.id);
    expect(sameDay.entries).toBeGreaterThan(0);
    expect({ balance: sameDay.balance, week: sameDay.week }).toEqual({ balance: sameDay.ledger, week: sameDay.ledger });

    world.clock.advance(86_400_000);
    counter.reset();
    // The read, the ledger (it answers the first activity of the day), ROLLBACK; then the ORM path.
    expect(await world.say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });
    expect(counter.hotRoundTrips).toBe(3);
    expect(counter.ormStatements).toBeGreaterThan(0);
    const nextDay = await points(worker.id);
    expect(nextDay.ledger).toBeGreaterThan(sameDay.ledger);
    expect({ balance: nextDay.balance, week: nextDay.week }).toEqual({ balance: nextDay.ledger, week: nextDay.ledger });
  });
});
