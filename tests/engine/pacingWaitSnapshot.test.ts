import { describe, expect, it } from 'vitest';
import { minutes } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'safety-training' });

describe('a message during a pacing wait', () => {
  it('leaves the unchanged snapshot unwritten', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const state = () =>
      world().sql<{ version: number; updated_at: Date; snapshot: unknown; timers: number }>(
        `select c.version, c.updated_at, c.snapshot, (select count(*)::int from timers t where t.conversation_id = c.id) as timers
           from conversations c where c.organization_id = :organization_id and c.worker_id = :worker`,
        { worker: worker.id },
      );
    const [before] = await state();
    const [last] = await world().sql<{ expects: boolean | null }>(
      `select (payload->>'expectsAnswer')::boolean as expects from messages
        where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq desc limit 1`,
      { worker: worker.id },
    );
    // Waiting for the next lesson: no question out, a timer pending.
    expect(last?.expects ?? false).toBe(false);
    expect(before.timers).toBeGreaterThan(0);

    world().clock.advance(minutes(5));
    await world().say(worker.phoneNumber!, 'hello?');
    const [after] = await state();
    expect(after).toEqual(before);
  });
});
