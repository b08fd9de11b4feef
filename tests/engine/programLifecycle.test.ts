import { describe, expect, it } from 'vitest';
import { changeProgramStatus } from '../../src/programs/changeProgramStatus';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });
const transition = (to: 'pause' | 'resume' | 'complete') => changeProgramStatus(world().em(), world().program.id, to, world().clock.now());

describe('pausing, resuming and completing a program', () => {
  it('holds timers and answers "paused" while paused, spreads what waited on resume, ends politely on complete', async () => {
    const worker = await world().addWorker();
    const other = await world().addWorker();
    await world().enroll(worker.id);
    await world().enroll(other.id);
    for (const w of [worker, other]) {
      await world().say(w.phoneNumber!, '1');
      await world().say(w.phoneNumber!, '1');
    }
    // Both now wait a day for the reflection.
    expect(await transition('pause')).toEqual({ status: 'paused' });
    expect(await world().say(worker.phoneNumber!, 'hello?')).toEqual({ kind: 'program_paused' });
    expect((await world().log(worker.id)).at(-1)?.body).toContain('paused');

    world().clock.advance(days(2));
    expect(await world().tick()).toBe(0);

    expect(await transition('resume')).toEqual({ status: 'active' });
    const due = await world().sql<{ due_at: Date }>('select due_at from timers where organization_id = :organization_id order by due_at');
    expect(due).toHaveLength(2);
    expect(new Date(due[0].due_at).getTime()).toBe(world().clock.now());
    expect(new Date(due[1].due_at).getTime()).toBeGreaterThan(world().clock.now());
    expect(await world().tick()).toBe(1);
    world().clock.advance(30 * 60_000);
    expect(await world().tick()).toBe(1);

    expect(await transition('complete')).toEqual({ status: 'completed' });
    const conversations = await world().sql<{ status: string }>('select status from conversations where organization_id = :organization_id');
    expect(conversations.map((c) => c.status)).toEqual(['ended', 'ended']);
    expect((await world().log(other.id)).at(-1)?.body).toBe('This program has ended. Thank you for taking part!');
    expect(await world().sql('select 1 from timers where organization_id = :organization_id')).toEqual([]);
    expect(await world().say(worker.phoneNumber!, 'still there?')).toEqual({ kind: 'no_active_conversation' });
  });
});
