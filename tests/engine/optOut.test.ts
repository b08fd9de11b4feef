import { describe, expect, it } from 'vitest';
import { enqueueOutbound } from '../../src/engine/enqueueOutbound';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

const outboundCount = async (workerId: string) => (await world().log(workerId)).filter((m) => m.direction === 'outbound').length;

describe('STOP and START', () => {
  it('confirms STOP once, then queues nothing for the worker until START', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    await world().say(worker.phoneNumber!, '1');
    await world().say(worker.phoneNumber!, '1');
    // The reflection now waits a day on a timer.

    expect(await world().say(worker.phoneNumber!, ' Stop ')).toEqual({ kind: 'keyword', keyword: 'STOP' });
    const afterStop = await outboundCount(worker.id);
    expect((await world().log(worker.id)).at(-1)?.body).toContain('You will not receive more messages');

    expect(await world().say(worker.phoneNumber!, 'STOP')).toEqual({ kind: 'ignored', reason: 'opted_out' });
    expect(await world().say(worker.phoneNumber!, 'hello')).toEqual({ kind: 'ignored', reason: 'opted_out' });
    world().clock.advance(days(1));
    expect(await world().tick()).toBe(1);
    const queuedDirectly = await world().em().transactional((tx) =>
      enqueueOutbound(tx, { channelId: world().channel.id, workerId: worker.id, body: 'direct', priority: 'bulk', at: world().clock.now() }),
    );
    expect(queuedDirectly).toBe(false);
    expect(await outboundCount(worker.id)).toBe(afterStop);

    expect(await world().say(worker.phoneNumber!, 'start')).toEqual({ kind: 'keyword', keyword: 'START' });
    expect(await outboundCount(worker.id)).toBe(afterStop + 1);
    const [row] = await world().sql<{ status: string }>('select status from workers where organization_id = :organization_id and id = :id', { id: worker.id });
    expect(row.status).toBe('active');
    expect(await world().say(worker.phoneNumber!, 'Good first day')).toMatchObject({ kind: 'advanced' });
    expect(await outboundCount(worker.id)).toBeGreaterThan(afterStop + 1);
  });

  it('answers HELP and PROGRESS (in Spanish too) without moving the conversation', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    await world().say(worker.phoneNumber!, '1');
    expect(await world().say(worker.phoneNumber!, 'help')).toEqual({ kind: 'keyword', keyword: 'HELP' });
    expect((await world().log(worker.id)).at(-1)?.body).toContain('Send PROGRESS');
    expect(await world().say(worker.phoneNumber!, 'Progreso')).toEqual({ kind: 'keyword', keyword: 'PROGRESS' });
    expect((await world().log(worker.id)).at(-1)?.body).toMatch(/1 quiz points/);
  });
});

describe('a broadcast in the middle of a conversation', () => {
  it('asks the pending question again when the next message is not an answer', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    await world().em().transactional((tx) =>
      enqueueOutbound(tx, { channelId: world().channel.id, workerId: worker.id, body: 'Reminder: team meeting at 3pm', priority: 'bulk', at: world().clock.now() }),
    );
    expect(await world().say(worker.phoneNumber!, 'ok thanks!')).toMatchObject({ kind: 'advanced' });
    const tail = (await world().log(worker.id)).slice(-2);
    expect(tail[0].payload.contentKey).toBe('q-schedule.hint');
    expect(tail[1]).toMatchObject({ touchpoint_key: 'q-schedule', body: 'Where do you find your shift schedule?' });
  });
});
