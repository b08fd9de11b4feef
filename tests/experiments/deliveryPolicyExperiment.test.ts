import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStatusUpdate } from '../../src/delivery/applyStatusUpdate';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { changeExperimentStatus } from '../../src/experiments/changeExperimentStatus';
import { createExperiment } from '../../src/experiments/createExperiment';
import { createExperimentSchema } from '../../src/experiments/experimentDesign';
import { readExperimentResults } from '../../src/experiments/readExperimentResults';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { hours } from '../support/manualClock';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
let outbox: OutboxWorld;

// 07:00 in Nairobi (UTC+3, no daylight saving) on a Monday.
const start = Date.parse('2026-12-07T04:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'safety-training' });
  outbox = createOutboxWorld(db, { clock: world.clock });
  moveTo(world, start);
});
afterAll(() => db.destroy());

function moveTo(w: EngineWorld, at: number): void {
  w.clock.advance(at - w.clock.now());
}

function nairobiTime(at: Date | number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Nairobi', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/** A program-level experiment whose treatment arm sends at 18:00 local, without reminders or gamification. */
async function startPolicyExperiment(w: EngineWorld, key: string): Promise<string> {
  const created = await createExperiment(w.em(), createExperimentSchema.parse({
    key,
    name: 'Evening delivery',
    level: 'program',
    programId: w.program.id,
    primaryMetric: 'first_try_correct',
    variants: [
      { key: 'morning', control: true },
      { key: 'evening', deliveryPolicy: { sendAt: '18:00', reminders: { count: 0 }, gamification: false } },
    ],
  }));
  if ('problem' in created) throw new Error(created.problem.message);
  const running = await changeExperimentStatus(w.em(), created.id, 'start', w.clock.now());
  if ('problem' in running) throw new Error(running.problem.message);
  return created.id;
}

async function enrollNairobiWorkers(w: EngineWorld, count: number, firstPhone: number) {
  const workers: { id: string; phone: string; variant: string }[] = [];
  for (let i = 0; i < count; i++) {
    const worker = await w.addWorker({ phoneNumber: `+2547${String(firstPhone + i).padStart(8, '0')}` });
    await w.sql(`update workers set timezone = 'Africa/Nairobi' where organization_id = :organization_id and id = :id`, { id: worker.id });
    await w.enroll(worker.id);
    const [assigned] = await w.sql<{ key: string }>(
      `select ev.key from experiment_assignments ea join experiment_variants ev on ev.id = ea.experiment_variant_id
        where ea.organization_id = :organization_id and ea.worker_id = :worker`,
      { worker: worker.id },
    );
    workers.push({ id: worker.id, phone: worker.phoneNumber!, variant: assigned.key });
  }
  return workers;
}

async function firstMessages(w: EngineWorld, workerId: string) {
  return w.sql<{ id: string; touchpoint_key: string | null; body: string; created_at: Date; sent_at: Date | null; next_attempt_at: Date | null; provider_message_id: string | null }>(
    `select id, touchpoint_key, body, created_at, sent_at, next_attempt_at, provider_message_id from messages
      where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq`,
    { worker: workerId },
  );
}

async function ledgerPoints(w: EngineWorld, workerId: string): Promise<number> {
  const [row] = await w.sql<{ n: number }>('select count(*)::int as n from gamification_ledger where organization_id = :organization_id and worker_id = :worker', { worker: workerId });
  return row.n;
}

describe('a program-level experiment on the delivery policy', () => {
  // Sixteen workers through a day of a paced journey, the dispatcher included: more than the default 30 s on a loaded machine.
  it('sends each arm at its local hour, reminds and gives points only where its policy says, and exposes at the first message sent', { timeout: 120_000 }, async () => {
    const experimentId = await startPolicyExperiment(world, 'evening-delivery');
    const workers = await enrollNairobiWorkers(world, 16, 1000);
    const morning = workers.filter((w) => w.variant === 'morning');
    const evening = workers.filter((w) => w.variant === 'evening');
    expect(morning.length).toBeGreaterThan(0);
    expect(evening.length).toBeGreaterThan(0);

    // The flow's first lesson waits for 09:00 local; the evening arm's for 18:00 local.
    const pacing = await world.sql<{ worker_id: string; due_at: Date }>(
      `select c.worker_id, t.due_at from timers t join conversations c on c.id = t.conversation_id where t.organization_id = :organization_id`,
    );
    for (const worker of workers) {
      const due = pacing.find((t) => t.worker_id === worker.id)!.due_at;
      expect(nairobiTime(due)).toBe(worker.variant === 'evening' ? '18:00' : '09:00');
    }
    // Queued is not exposed: nothing was sent yet.
    let { results } = await readExperimentResults(world.em(), experimentId, 'intention_to_treat');
    expect(results.flow.map((f) => f.exposed)).toEqual([0, 0]);

    // 09:00: the morning arm's lesson and question go out; the exposure counts from that send.
    moveTo(world, Date.parse('2026-12-07T06:00:00Z'));
    expect(await world.tick()).toBe(morning.length);
    await dispatchUntilIdle(outbox.deps);
    const firstMorning = (await firstMessages(world, morning[0].id))[0];
    expect(firstMorning).toMatchObject({ touchpoint_key: 'lift-intro' });
    expect(firstMorning.sent_at).not.toBeNull();
    expect(await applyStatusUpdate(world.em(), world.channel.id, { providerMessageId: firstMorning.provider_message_id!, status: 'read', at: world.clock.now() })).toBe(true);
    ({ results } = await readExperimentResults(world.em(), experimentId, 'intention_to_treat'));
    expect(results.flow).toEqual([
      expect.objectContaining({ variant: 'morning', assigned: morning.length, exposed: morning.length, read: 1 }),
      expect.objectContaining({ variant: 'evening', assigned: evening.length, exposed: 0, delivered: 0, read: 0 }),
    ]);
    const perProtocol = await readExperimentResults(world.em(), experimentId, 'per_protocol');
    expect(perProtocol.results.units).toBe(morning.length);

    // A morning worker answers and earns points; 2 hours after the question, the others are reminded.
    world.clock.advance(hours(1));
    expect(await world.say(morning[0].phone, 'Bend my knees')).toMatchObject({ kind: 'advanced' });
    expect(await ledgerPoints(world, morning[0].id)).toBeGreaterThan(0);
    world.clock.advance(hours(1));
    await world.tick();
    if (morning.length > 1) expect((await firstMessages(world, morning[1].id)).map((m) => m.body)).toContain('Your safety question is waiting for you.');

    // 18:00: the evening arm's lesson; no reminder two hours later, no points for an answer.
    moveTo(world, Date.parse('2026-12-07T15:00:00Z'));
    expect(await world.tick()).toBe(evening.length);
    await dispatchUntilIdle(outbox.deps);
    for (const worker of evening) {
      const [lesson] = await firstMessages(world, worker.id);
      expect(lesson.touchpoint_key).toBe('lift-intro');
      expect(nairobiTime(lesson.sent_at!)).toBe('18:00');
    }
    expect(await world.say(evening[0].phone, 'Bend my knees')).toMatchObject({ kind: 'advanced' });
    expect(await world.say(evening[0].phone, 'PROGRESS')).toMatchObject({ kind: 'keyword' });
    expect(await world.say(evening[0].phone, 'STREAK')).toMatchObject({ kind: 'keyword' });
    world.clock.advance(hours(3));
    await world.tick();
    expect(await ledgerPoints(world, evening[0].id)).toBe(0);
    const eveningLog = await firstMessages(world, evening[0].id);
    expect(eveningLog.map((m) => m.body)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Your progress: 2 steps done, 1 quiz points\. Points, badges and streaks are off in your program\.$/),
      expect.stringMatching(/^Points, badges, streaks and ranks are off in your program\./),
    ]));
    if (evening.length > 1) expect((await firstMessages(world, evening[1].id)).map((m) => m.body)).not.toContain('Your safety question is waiting for you.');

    ({ results } = await readExperimentResults(world.em(), experimentId, 'intention_to_treat'));
    expect(results.flow.map((f) => f.exposed)).toEqual([morning.length, evening.length]);
  });

  it("holds a journey's first message until the variant's local hour", { timeout: 60_000 }, async () => {
    const onboarding = await createEngineWorld(db, { flow: 'onboarding' });
    moveTo(onboarding, start);
    await startPolicyExperiment(onboarding, 'evening-welcome');
    const workers = await enrollNairobiWorkers(onboarding, 12, 2000);
    for (const worker of workers) {
      const [hello] = await firstMessages(onboarding, worker.id);
      expect(hello.touchpoint_key).toBe('hello');
      if (worker.variant === 'evening') {
        expect(nairobiTime(hello.next_attempt_at!)).toBe('18:00');
        expect(nairobiTime(hello.created_at)).toBe('18:00');
      } else {
        expect(hello.next_attempt_at).toBeNull();
        expect(new Date(hello.created_at).getTime()).toBe(start);
      }
    }
  });
});
