import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { fireDueTimers } from '../../src/engine/fireDueTimers';
import { startScheduler } from '../../src/scheduler/startScheduler';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { days, hours, minutes } from '../support/manualClock';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
let outbox: OutboxWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
  outbox = createOutboxWorld(db, { clock: world.clock });
});
afterAll(() => db.destroy());

/** Plays onboarding up to its reflection question, which waits a day after the quizzes. */
async function reachReflectionWait() {
  const worker = await world.addWorker();
  await world.enroll(worker.id);
  for (const answer of ['banana', 'TEAM APP', '1']) expect(await world.say(worker.phoneNumber!, answer)).toMatchObject({ kind: 'advanced' });
  return worker;
}

async function timersOf(workerId: string) {
  return world.sql<{ send_id: string; due_at: Date }>(
    `select t.send_id, t.due_at from timers t join conversations c on c.id = t.conversation_id
      where t.organization_id = :organization_id and c.worker_id = :worker order by t.due_at`,
    { worker: workerId },
  );
}

describe('durable timers', () => {
  it('fires each due timer once when several instances tick at the same moment', async () => {
    const workers = [];
    for (let i = 0; i < 6; i++) workers.push(await reachReflectionWait());
    world.clock.advance(days(1));
    const ticks = await Promise.all([0, 1, 2].map(() => fireDueTimers(world.deps)));
    const again = await fireDueTimers(world.deps);
    const fired = ticks.reduce((sum, t) => sum + t.fired, 0) + again.fired;
    expect(fired).toBe(6);
    for (const worker of workers) {
      const log = await world.log(worker.id);
      expect(log.filter((m) => m.touchpoint_key === 'first-day' && m.direction === 'outbound')).toHaveLength(1);
    }
  });

  it('counts a reminder from when the question was sent, and fires overdue timers when the scheduler starts', async () => {
    const worker = await reachReflectionWait();
    world.clock.advance(days(1));
    await fireDueTimers(world.deps);
    const queuedAt = world.clock.now();
    const before = await timersOf(worker.id);
    expect(before.map((t) => new Date(t.due_at).getTime() - queuedAt).sort((a, b) => a - b)).toEqual([hours(4), days(2)]);

    // The question leaves the outbox 30 minutes later (rate limit, quiet hours, an outage…).
    world.clock.advance(minutes(30));
    await dispatchUntilIdle(outbox.deps);
    const sent = await world.sql<{ sent_at: Date }>(
      `select sent_at from messages where organization_id = :organization_id and worker_id = :worker and touchpoint_key = 'first-day' and direction = 'outbound'`,
      { worker: worker.id },
    );
    const sentAt = new Date(sent[0].sent_at).getTime();
    expect(sentAt).toBe(queuedAt + minutes(30));
    const after = await timersOf(worker.id);
    expect(after.map((t) => new Date(t.due_at).getTime() - sentAt).sort((a, b) => a - b)).toEqual([hours(4), days(2)]);

    // The engine is down while the reminder comes due; it fires when the scheduler starts.
    world.clock.advance(hours(4) - 1);
    expect((await fireDueTimers(world.deps)).fired).toBe(0);
    world.clock.advance(hours(2));
    let fired = 0;
    const scheduler = startScheduler({ ...world.deps, timerTickCron: '0 0 1 1 *', onTimersFired: () => fired++ });
    await scheduler.tick();
    await scheduler.stop();
    expect(fired).toBeGreaterThan(0);
    const log = await world.log(worker.id);
    expect(log.filter((m) => m.payload.contentKey === 'first-day.reminder')).toHaveLength(1);

    // The timeout (2 days after the send) skips to the end.
    world.clock.advance(days(2));
    expect((await fireDueTimers(world.deps)).fired).toBeGreaterThanOrEqual(1);
    expect((await world.log(worker.id)).filter((m) => m.touchpoint_key !== null).at(-1)).toMatchObject({ touchpoint_key: 'thanks' });
  });
});
