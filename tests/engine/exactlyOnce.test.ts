import { describe, expect, it } from 'vitest';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

async function conversationVersion(workerId: string): Promise<number> {
  const [row] = await world().sql<{ version: number }>(
    'select version from conversations where organization_id = :organization_id and worker_id = :worker',
    { worker: workerId },
  );
  return row.version;
}

describe('exactly-once effects', () => {
  it('absorbs the same webhook delivered twice, and fifty times at once', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const before = await world().log(worker.id);
    const version = await conversationVersion(worker.id);

    const first = await world().say(worker.phoneNumber!, '1', { providerMessageId: 'SM-once' });
    const again = await world().say(worker.phoneNumber!, '1', { providerMessageId: 'SM-once' });
    expect(first.kind).toBe('advanced');
    expect(again).toEqual({ kind: 'duplicate' });

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => world().say(worker.phoneNumber!, '1', { providerMessageId: 'SM-fifty' })),
    );
    expect(outcomes.filter((o) => o.kind === 'advanced')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(49);

    const after = await world().log(worker.id);
    expect(after.filter((m) => m.direction === 'inbound')).toHaveLength(2);
    expect(await conversationVersion(worker.id)).toBe(version + 2);
    const replies = after.length - before.length - 2;
    expect(replies).toBeGreaterThan(0);
  });

  it('handles ten concurrent messages of one worker one at a time, with no lost update', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const version = await conversationVersion(worker.id);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => world().say(worker.phoneNumber!, `answer ${i}`)));
    expect(outcomes.every((o) => o.kind === 'advanced' || o.kind === 'pacing_wait' || o.kind === 'no_active_conversation')).toBe(true);
    const advanced = outcomes.filter((o) => o.kind === 'advanced' || o.kind === 'pacing_wait').length;
    expect(await conversationVersion(worker.id)).toBe(version + advanced);
    const inbound = (await world().log(worker.id)).filter((m) => m.direction === 'inbound');
    expect(inbound).toHaveLength(10);
  });

  it('handles different workers in parallel', async () => {
    const workers = await Promise.all(Array.from({ length: 5 }, () => world().addWorker()));
    for (const worker of workers) await world().enroll(worker.id);
    const outcomes = await Promise.all(workers.map((worker) => world().say(worker.phoneNumber!, '1')));
    expect(outcomes.map((o) => o.kind)).toEqual(Array(5).fill('advanced'));
  });
});
