import { describe, expect, it } from 'vitest';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

describe('the onboarding journey through the pipeline', () => {
  it('plays to the end and records scores, the reflection, badges and the log', async () => {
    const worker = await world().addWorker({ fullName: 'Amina Njeri' });
    await world().enroll(worker.id);
    let log = await world().log(worker.id);
    expect(log.map((m) => m.touchpoint_key)).toEqual(['hello', 'video', 'q-schedule']);
    expect(log[0].body).toContain('Hi Amina!');
    // The worker never wrote: the first message goes as its template.
    expect(log[0].payload.template).toMatchObject({ name: 'onboarding_welcome' });

    expect(await world().say(worker.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    expect(await world().say(worker.phoneNumber!, 'TEAM APP')).toMatchObject({ kind: 'advanced' });
    expect(await world().say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });

    log = await world().log(worker.id);
    const outbound = log.filter((m) => m.direction === 'outbound').map((m) => m.body ?? '');
    expect(outbound.some((body) => body.startsWith('Right! You have 1 of 2 points so far'))).toBe(true);
    expect(outbound.some((body) => body.startsWith('Yes. You have 2 of 2 points so far'))).toBe(true);

    // The reflection waits a day.
    expect(await world().tick()).toBe(0);
    world().clock.advance(days(1));
    expect(await world().tick()).toBe(1);
    log = await world().log(worker.id);
    expect(log.at(-1)).toMatchObject({ touchpoint_key: 'first-day', direction: 'outbound' });

    const done = await world().say(worker.phoneNumber!, 'Busy, but my team was kind.');
    expect(done).toMatchObject({ kind: 'advanced', completed: true });

    const progress = await world().sql<{ key: string; score: string | null; correct: boolean | null; feedback_text: string | null; completed: boolean }>(
      `select t.key, wp.score, wp.correct, wp.feedback_text, wp.completed_at is not null as completed
         from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id
        where wp.organization_id = :organization_id order by wp.started_at, t.sequence_order`,
    );
    expect(progress.find((p) => p.key === 'q-schedule')).toMatchObject({ correct: true, completed: true });
    expect(progress.find((p) => p.key === 'q-sick')).toMatchObject({ correct: true, completed: true });
    expect(progress.find((p) => p.key === 'first-day')).toMatchObject({ feedback_text: 'Busy, but my team was kind.', completed: true });
    expect(progress.every((p) => p.completed)).toBe(true);

    const badges = await world().sql<{ key: string }>(
      `select b.key from worker_badges wb join badges b on b.id = wb.badge_id where wb.organization_id = :organization_id order by b.key`,
    );
    expect(badges.map((b) => b.key)).toEqual(['first-steps', 'quick-learner']);

    const [state] = await world().sql<{ status: string; performance_metric: number; conversation: string; assignment: string }>(
      `select w.performance_metric, c.status as conversation, wa.status as assignment, w.status
         from workers w join conversations c on c.worker_id = w.id join worker_assignments wa on wa.id = c.worker_assignment_id
        where w.organization_id = :organization_id and w.id = :worker`,
      { worker: worker.id },
    );
    expect(state).toMatchObject({ performance_metric: 100, conversation: 'completed', assignment: 'completed' });

    // Nothing is active any more: the worker is told so.
    expect(await world().say(worker.phoneNumber!, 'hello?')).toEqual({ kind: 'no_active_conversation' });
  });
});
