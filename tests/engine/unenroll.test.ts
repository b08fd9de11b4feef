import { describe, expect, it } from 'vitest';
import { countCohort } from '../../src/analytics/loadTouchpointFigures';
import { unenrollWorkers } from '../../src/programs/unenrollWorkers';
import { subscribeToEvents } from '../support/subscribeToEvents';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

describe('unenrolling workers', () => {
  it('drops the assignment with its reason and ends the conversation without another message; analytics count it apart', async () => {
    await subscribeToEvents(world(), ['worker.dropped']);
    const leaving = await world().addWorker();
    const staying = await world().addWorker();
    await world().enroll(leaving.id);
    await world().enroll(staying.id);
    await world().say(leaving.phoneNumber!, '1');
    // A queued reply not yet sent is withdrawn with the conversation.
    const before = await world().log(leaving.id);
    expect(before.some((m) => m.direction === 'outbound' && m.status === 'queued')).toBe(true);

    expect(await unenrollWorkers(world().em(), world().program.id, [leaving.id], 'Left the company', world().clock.now())).toEqual({ dropped: 1, conversationsEnded: 1 });
    expect(await unenrollWorkers(world().em(), world().program.id, [leaving.id], 'again', world().clock.now())).toEqual({ dropped: 0, conversationsEnded: 0 });

    const [assignment] = await world().sql<{ status: string; dropped_reason: string; dropped_at: Date }>(
      `select status, dropped_reason, dropped_at from worker_assignments where organization_id = :organization_id and worker_id = :id`,
      { id: leaving.id },
    );
    expect(assignment).toMatchObject({ status: 'dropped', dropped_reason: 'Left the company' });
    expect(new Date(assignment.dropped_at).getTime()).toBe(world().clock.now());
    const after = await world().log(leaving.id);
    expect(after.filter((m) => m.status === 'queued')).toEqual([]);
    expect(after.length).toBeLessThan(before.length);
    expect(await world().sql(`select 1 from timers t join conversations c on c.id = t.conversation_id where t.organization_id = :organization_id and c.worker_id = :id`, { id: leaving.id })).toEqual([]);
    expect(await world().say(leaving.phoneNumber!, '2')).toEqual({ kind: 'no_active_conversation' });
    const [event] = await world().sql<{ data: Record<string, unknown> }>(`select data from domain_events where organization_id = :organization_id and type = 'worker.dropped'`);
    expect(event.data).toEqual({ programId: world().program.id, reason: 'Left the company' });

    expect(await countCohort(world().em(), world().program.id, {})).toEqual({ enrolled: 2, completed: 0, dropped: 1 });
    const [other] = await world().sql<{ status: string }>(`select status from conversations where organization_id = :organization_id and worker_id = :id`, { id: staying.id });
    expect(other.status).toBe('active');
  });
});
