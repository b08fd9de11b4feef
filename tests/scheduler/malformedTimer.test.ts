import { describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../src/engine/fireDueTimers';
import { days, minutes } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

/** Plays onboarding up to its reflection question, which waits a day after the quizzes. */
async function reachReflectionWait() {
  const worker = await world().addWorker();
  await world().enroll(worker.id);
  for (const answer of ['banana', 'TEAM APP', '1']) expect(await world().say(worker.phoneNumber!, answer)).toMatchObject({ kind: 'advanced' });
  return worker;
}

async function timerOf(workerId: string) {
  const [timer] = await world().sql<{ id: string; event: unknown; attempts: number; last_error: string | null; set_aside_at: Date | null }>(
    `select t.id, t.event, t.attempts, t.last_error, t.set_aside_at from timers t join conversations c on c.id = t.conversation_id
      where t.organization_id = :organization_id and c.worker_id = :worker`,
    { worker: workerId },
  );
  return timer;
}

describe('a timer whose stored event is malformed', () => {
  it('is set aside at once with the field that is wrong, never fired half-read; the other timers fire', async () => {
    const broken = await reachReflectionWait();
    const healthy = await reachReflectionWait();
    const timer = await timerOf(broken.id);
    // Stored by another version: a reminder without its touchpoint.
    await world().sql(`update timers set event = '{"type":"REMINDER"}'::jsonb where organization_id = :organization_id and id = :id`, { id: timer.id });
    const outboundOf = async (workerId: string) => (await world().log(workerId)).filter((m) => m.direction === 'outbound').length;
    const sentBefore = await outboundOf(broken.id);
    const healthySentBefore = await outboundOf(healthy.id);

    world().clock.advance(days(1) + minutes(1));
    expect(await fireDueTimers(world().deps)).toMatchObject({ claimed: 2, fired: 1, failed: 1, setAside: 1 });
    const after = await timerOf(broken.id);
    expect(after).toMatchObject({ id: timer.id, event: { type: 'REMINDER' }, attempts: 1 });
    expect(after.set_aside_at).not.toBeNull();
    expect(after.last_error).toMatch(new RegExp(`^Timer ${timer.id} has a malformed event: touchpoint: `));
    expect(await outboundOf(broken.id)).toBe(sentBefore);
    expect(await outboundOf(healthy.id)).toBeGreaterThan(healthySentBefore);
  });
});
