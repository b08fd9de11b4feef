import { describe, expect, it } from 'vitest';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

async function outboundBodies(workerId: string): Promise<string[]> {
  return (await world().log(workerId)).filter((m) => m.direction === 'outbound').map((m) => m.body ?? '');
}

async function progressOf(workerId: string, key: string) {
  const [row] = await world().sql<{ correct: boolean | null; feedback_text: string | null; completed: boolean }>(
    `select wp.correct, wp.feedback_text, wp.completed_at is not null as completed
       from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id join worker_assignments wa on wa.id = wp.worker_assignment_id
      where wp.organization_id = :organization_id and wa.worker_id = :worker and t.key = :key`,
    { worker: workerId, key },
  );
  return row;
}

describe('onboarding without dead ends', () => {
  it('tells the right answer before moving on when the attempts run out', async () => {
    const worker = await world().addWorker({ fullName: 'Grace Atieno' });
    await world().enroll(worker.id);
    await world().say(worker.phoneNumber!, 'banana');
    await world().say(worker.phoneNumber!, 'no idea');
    const sent = await outboundBodies(worker.id);
    const reveal = sent.indexOf("The right answer is: Team app. Let's move on.");
    expect(reveal).toBeGreaterThan(sent.indexOf('Reply 1, 2 or 3 (or tap an option).'));
    expect(sent[reveal + 1]).toBe('You feel sick before a shift. What do you do first?');
  });

  it('answers stickers, reactions, photos without a caption and empty messages with the hint, at no attempt; a photo answers the reflection', async () => {
    const worker = await world().addWorker({ fullName: 'Juma Otieno' });
    await world().enroll(worker.id);
    const phone = worker.phoneNumber!;
    const image = { kind: 'image' as const, providerRef: 'media-1' };
    await world().say(phone, '', { text: undefined, unsupported: { type: 'sticker' } });
    await world().say(phone, '', { text: undefined, unsupported: { type: 'reaction' } });
    await world().say(phone, '', { text: undefined, media: image });
    await world().say(phone, '   ');
    const hints = (await outboundBodies(worker.id)).filter((body) => body === 'Reply 1, 2 or 3 (or tap an option).');
    expect(hints).toHaveLength(4);
    // maxAttempts is 2: a wrong-looking answer still has its two attempts.
    await world().say(phone, 'banana');
    await world().say(phone, 'Team app');
    expect(await progressOf(worker.id, 'q-schedule')).toMatchObject({ correct: true, completed: true });

    await world().say(phone, '1');
    world().clock.advance(days(1));
    expect(await world().tick()).toBe(1);
    expect(await world().say(phone, '', { text: undefined, media: image })).toMatchObject({ kind: 'advanced', completed: true });
    expect(await progressOf(worker.id, 'first-day')).toMatchObject({ feedback_text: '(image)', completed: true });
  });

  it('accepts near misses and number words, in English and in Spanish', async () => {
    const english = await world().addWorker({ fullName: 'Amos Kiprop' });
    await world().enroll(english.id);
    await world().say(english.phoneNumber!, 'the teem app');
    await world().say(english.phoneNumber!, 'one');
    expect(await progressOf(english.id, 'q-schedule')).toMatchObject({ correct: true });
    expect(await progressOf(english.id, 'q-sick')).toMatchObject({ correct: true });

    const spanish = await world().addWorker({ fullName: 'Lucía Pérez' });
    await world().sql(`update workers set language = 'es' where organization_id = :organization_id and id = :id`, { id: spanish.id });
    await world().enroll(spanish.id);
    await world().say(spanish.phoneNumber!, 'La app del equipo');
    await world().say(spanish.phoneNumber!, 'uno');
    expect(await progressOf(spanish.id, 'q-schedule')).toMatchObject({ correct: true });
    expect(await progressOf(spanish.id, 'q-sick')).toMatchObject({ correct: true });
  });

  it('words the running score plainly and announces each badge when it is awarded', async () => {
    const worker = await world().addWorker({ fullName: 'Halima Yusuf' });
    await world().enroll(worker.id);
    await world().say(worker.phoneNumber!, 'Team app');
    await world().say(worker.phoneNumber!, '1');
    const sent = await outboundBodies(worker.id);
    expect(sent).toContain('Right! You have 1 of 2 points so far.');
    expect(sent.at(-2)).toBe('Yes. You have 2 of 2 points so far.');
    expect(sent.at(-1)).toBe('You earned a badge: Quick learner! Send PROGRESS to see all your badges.');

    world().clock.advance(days(1));
    await world().tick();
    await world().say(worker.phoneNumber!, 'A good first day.');
    expect((await outboundBodies(worker.id)).slice(-2)).toEqual([
      'Thank you Halima! You finished onboarding with 2 of 2 points.',
      'You earned a badge: First steps! Send PROGRESS to see all your badges.',
    ]);
  });
});
