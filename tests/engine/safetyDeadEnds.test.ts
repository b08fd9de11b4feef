import { describe, expect, it } from 'vitest';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'safety-training' });

async function outboundBodies(workerId: string): Promise<string[]> {
  return (await world().log(workerId)).filter((m) => m.direction === 'outbound').map((m) => m.body ?? '');
}

/** A worker in Mexico City (UTC-6); the clock starts at 01:00 local on day 1. */
async function addWorker(fullName: string) {
  const worker = await world().addWorker({ fullName });
  await world().sql(`update workers set timezone = 'America/Mexico_City' where organization_id = :organization_id and id = :id`, { id: worker.id });
  await world().enroll(worker.id);
  return worker;
}

/** Moves the clock to the next lesson (pacing timer) and fires what is due. */
async function nextTimer(): Promise<void> {
  const [next] = await world().sql<{ due_at: Date }>(
    `select min(due_at) as due_at from timers where organization_id = :organization_id and event->>'type' like 'xstate.after.pace%'`,
  );
  world().clock.advance(Math.max(0, new Date(next.due_at).getTime() - world().clock.now()));
  await world().tick();
}

describe('the safety training without dead ends', () => {
  it('during a pacing wait, tells when the next lesson comes, and HELP depends on the state', async () => {
    const worker = await addWorker('Rosa Méndez');
    const phone = worker.phoneNumber!;
    expect(await world().say(phone, 'hello?')).toMatchObject({ kind: 'pacing_wait' });
    expect((await outboundBodies(worker.id)).at(-1)).toBe('Thank you! Nothing to answer for now: your next message comes today at 09:00.');

    await nextTimer();
    await world().say(phone, 'HELP');
    expect((await outboundBodies(worker.id)).at(-1)).toMatch(/^To answer, tap an option or send its number or its words\./);

    await world().say(phone, 'knees');
    await world().say(phone, 'ok, thanks!');
    expect((await outboundBodies(worker.id)).at(-1)).toBe('Thank you! Nothing to answer for now: your next message comes tomorrow at 09:00.');
    await world().say(phone, 'HELP');
    expect((await outboundBodies(worker.id)).at(-1)).toMatch(/^Nothing to answer for now: your next message comes tomorrow at 09:00\. Send PROGRESS/);
  });

  it('says perfect only to a worker who got every quiz right at the first try', async () => {
    const perfect = await addWorker('Ana Ruiz');
    const recovered = await addWorker('Luis Gómez');
    const play = async (firstLiftAnswer: string) => {
      for (const [who, answers] of [
        [perfect, ['knees']],
        [recovered, [firstLiftAnswer, 'knees']],
      ] as const) {
        for (const answer of answers) await world().say(who.phoneNumber!, answer);
      }
    };
    await nextTimer();
    await play('back');
    await nextTimer();
    for (const who of [perfect, recovered]) await world().say(who.phoneNumber!, 'mark');
    await nextTimer();
    for (const who of [perfect, recovered]) await world().say(who.phoneNumber!, 'clear');
    for (const who of [perfect, recovered]) await world().say(who.phoneNumber!, 'Keep the exits clear.');

    const perfectLog = await outboundBodies(perfect.id);
    expect(perfectLog).toContain('Perfect, Ana: every answer right at the first try! Thank you for keeping your team safe.');
    expect(perfectLog).toContain('You earned a badge: Right first time! Send PROGRESS to see all your badges.');
    const recoveredLog = await outboundBodies(recovered.id);
    expect(recoveredLog).toContain('Thank you Luis! You finished the safety training with 3 of 3 points.');
    expect(recoveredLog.some((body) => body.startsWith('Perfect'))).toBe(false);
    expect(recoveredLog.some((body) => body.includes('Right first time'))).toBe(false);
    expect(recoveredLog).toContain('You earned a badge: Safety champion! Send PROGRESS to see all your badges.');
  });
});
