import { describe, expect, it } from 'vitest';
import { sendCoachReply, setBotPaused } from '../../src/engine/coachConversation';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

const flags = async (workerId: string) =>
  (await world().sql<{ handoff: boolean; bot_paused: boolean }>(
    'select handoff_requested_at is not null as handoff, bot_paused from workers where organization_id = :organization_id and id = :id',
    { id: workerId },
  ))[0];

describe('handoff to a person', () => {
  it('flags the worker, lets a coach pause the bot and reply inside the window, then resume', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    expect(await world().say(worker.phoneNumber!, 'Hablar con una persona')).toEqual({ kind: 'keyword', keyword: 'AGENT' });
    expect(await flags(worker.id)).toEqual({ handoff: true, bot_paused: false });

    await world().em().transactional((tx) => setBotPaused(tx, worker.id, true));
    expect(await world().say(worker.phoneNumber!, 'My manager shouts at me')).toEqual({ kind: 'ignored', reason: 'bot_paused' });

    const reply = { workerId: worker.id, coachUserId: '00000000-0000-4000-8000-0000000000c1', coachName: 'Coach Ana', text: 'I am here. Tell me more?', at: world().clock.now() };
    expect(await world().em().transactional((tx) => sendCoachReply(tx, reply))).toEqual({ ok: true });
    const last = (await world().log(worker.id)).at(-1);
    expect(last).toMatchObject({ direction: 'outbound', body: 'I am here. Tell me more?', priority: 0 });
    expect(last?.payload.coach).toEqual({ userId: reply.coachUserId, name: 'Coach Ana' });
    expect(await flags(worker.id)).toEqual({ handoff: false, bot_paused: true });

    world().clock.advance(days(2));
    expect(await world().em().transactional((tx) => sendCoachReply(tx, { ...reply, at: world().clock.now() }))).toEqual({ ok: false, reason: 'window_closed' });

    await world().em().transactional((tx) => setBotPaused(tx, worker.id, false));
    expect(await world().say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });
  });
});
