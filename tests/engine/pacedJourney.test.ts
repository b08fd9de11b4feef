import { describe, expect, it } from 'vitest';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'safety-training' });

const correctAnswers: Record<string, string> = { 'q-lift': 'knees', 'q-spill': 'mark', 'q-exit': 'clear', takeaway: 'I will keep exits clear.' };

function localTime(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(epochMs);
}

describe('a paced journey', () => {
  it('runs to its end by moving the clock and ticking the timers, a lesson a day at 09:00 local', async () => {
    const worker = await world().addWorker({ fullName: 'Peter Kamau' });
    await world().sql(`update workers set timezone = 'America/Mexico_City' where organization_id = :organization_id and id = :id`, { id: worker.id });
    await world().enroll(worker.id);

    for (let step = 0; step < 40; step++) {
      const [conversation] = await world().sql<{ status: string }>(
        'select status from conversations where organization_id = :organization_id and worker_id = :worker',
        { worker: worker.id },
      );
      if (conversation.status === 'completed') break;
      const [last] = await world().sql<{ touchpoint_key: string | null; expects: boolean }>(
        `select touchpoint_key, (payload->>'expectsAnswer')::boolean as expects from messages
          where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq desc limit 1`,
        { worker: worker.id },
      );
      if (last?.expects && last.touchpoint_key && correctAnswers[last.touchpoint_key]) {
        expect(await world().say(worker.phoneNumber!, correctAnswers[last.touchpoint_key])).toMatchObject({ kind: 'advanced' });
        continue;
      }
      const [next] = await world().sql<{ due_at: Date }>(
        'select min(due_at) as due_at from timers where organization_id = :organization_id',
      );
      expect(next.due_at, `step ${step}: nothing to answer and no timer`).not.toBeNull();
      world().clock.advance(Math.max(0, new Date(next.due_at).getTime() - world().clock.now()));
      expect(await world().tick()).toBeGreaterThan(0);
    }

    const [conversation] = await world().sql<{ status: string }>(
      'select status from conversations where organization_id = :organization_id and worker_id = :worker',
      { worker: worker.id },
    );
    expect(conversation.status).toBe('completed');
    const sent = await world().sql<{ touchpoint_key: string; created_at: Date }>(
      `select touchpoint_key, created_at from messages where organization_id = :organization_id and worker_id = :worker
          and direction = 'outbound' and touchpoint_key like '%-intro' order by seq`,
      { worker: worker.id },
    );
    expect(sent.map((m) => m.touchpoint_key)).toEqual(['lift-intro', 'spill-intro', 'exits-intro']);
    const lessons = sent.map((m) => new Date(m.created_at).getTime());
    for (const at of lessons) expect(localTime(at, 'America/Mexico_City')).toMatch(/09:00$/);
    expect(lessons[1] - lessons[0]).toBe(86_400_000);
    expect(lessons[2] - lessons[1]).toBe(86_400_000);

    const [score] = await world().sql<{ performance_metric: number }>(
      'select performance_metric from workers where organization_id = :organization_id and id = :id',
      { id: worker.id },
    );
    expect(score.performance_metric).toBe(100);
    expect(await world().sql('select 1 from timers where organization_id = :organization_id')).toEqual([]);
  });
});
