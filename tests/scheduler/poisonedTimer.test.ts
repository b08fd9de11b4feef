import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteChannel } from '../../src/channelAdmin/deleteChannel';
import { fireDueTimers } from '../../src/engine/fireDueTimers';
import { listSetAsideTimers } from '../../src/engine/listSetAsideTimers';
import { timerRetryPolicy } from '../../src/engine/timerRetryPolicy';
import { startScheduler } from '../../src/scheduler/startScheduler';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { days, minutes } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let broken: EngineWorld;
let healthy: EngineWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  broken = await createEngineWorld(db, { flow: 'onboarding' });
  healthy = await createEngineWorld(db, { flow: 'onboarding' });
});
afterAll(() => db.destroy());

/** Plays onboarding up to its reflection question, which waits a day after the quizzes. */
async function reachReflectionWait(world: EngineWorld) {
  const worker = await world.addWorker();
  await world.enroll(worker.id);
  for (const answer of ['banana', 'TEAM APP', '1']) expect(await world.say(worker.phoneNumber!, answer)).toMatchObject({ kind: 'advanced' });
  return worker;
}

async function reflectionTimer(world: EngineWorld, workerId: string) {
  const [timer] = await world.sql<{ attempts: number; last_error: string | null; due_at: Date; set_aside_at: Date | null }>(
    `select t.attempts, t.last_error, t.due_at, t.set_aside_at from timers t join conversations c on c.id = t.conversation_id
      where t.organization_id = :organization_id and c.worker_id = :worker`,
    { worker: workerId },
  );
  return timer;
}

describe('a timer whose step always fails', () => {
  it('holds back no other timer, even one per batch; it backs off, then is set aside for the admins', async () => {
    const poisoned = await reachReflectionWait(broken);
    healthy.clock.advance(minutes(1));
    const worker = await reachReflectionWait(healthy);
    // Issue 14's trigger: the organization's only channel is force-deleted, so the step throws.
    expect(await broken.em().transactional((tx) => deleteChannel(tx, broken.channel.id, { force: true, now: new Date(broken.clock.now()) }))).toMatchObject({ ok: true });

    // Both are due; the poisoned one is older, so it is claimed first, alone in its batch.
    broken.clock.advance(days(1) + minutes(1));
    const scheduler = startScheduler({ ...broken.deps, timerBatch: 1, timerTickCron: '0 0 1 1 *' });
    await scheduler.tick();
    await scheduler.stop();
    expect((await healthy.log(worker.id)).filter((m) => m.touchpoint_key === 'first-day' && m.direction === 'outbound')).toHaveLength(1);

    let timer = await reflectionTimer(broken, poisoned.id);
    expect(timer).toMatchObject({ attempts: 1, set_aside_at: null });
    expect(timer.last_error).toMatch(/no channel/);
    expect(new Date(timer.due_at).getTime()).toBe(broken.clock.now() + timerRetryPolicy.backoffBaseMs);

    // Each later failure waits twice as long, until the last attempt sets it aside.
    for (let attempt = 2; attempt <= timerRetryPolicy.attempts; attempt++) {
      const wait = new Date(timer.due_at).getTime() - broken.clock.now();
      broken.clock.advance(wait - 1);
      expect(await fireDueTimers(broken.deps)).toMatchObject({ claimed: 0 });
      broken.clock.advance(1);
      expect(await fireDueTimers(broken.deps)).toMatchObject({ claimed: 1, failed: 1, setAside: attempt === timerRetryPolicy.attempts ? 1 : 0 });
      const next = await reflectionTimer(broken, poisoned.id);
      expect(next.attempts).toBe(attempt);
      if (attempt < timerRetryPolicy.attempts) expect(new Date(next.due_at).getTime() - broken.clock.now()).toBe(Math.min(wait * 2, timerRetryPolicy.backoffCapMs));
      timer = next;
    }
    expect(timer.set_aside_at).not.toBeNull();
    broken.clock.advance(days(30));
    await fireDueTimers(broken.deps);
    expect(await reflectionTimer(broken, poisoned.id)).toEqual(timer);

    const listed = await listSetAsideTimers(broken.em(), 10);
    expect(listed).toEqual([expect.objectContaining({ workerId: poisoned.id, attempts: timerRetryPolicy.attempts, lastError: expect.stringMatching(/no channel/) })]);
    expect(await listSetAsideTimers(healthy.em(), 10)).toEqual([]);
  });
});
