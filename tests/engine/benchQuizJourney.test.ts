import { describe, expect, it } from 'vitest';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'bench-quiz' });

describe("the bench's journey (flows/bench-quiz.yaml)", () => {
  it('takes 6 answers and sends 7 replies: the next question to each, the closing text and the badge after the last', async () => {
    const worker = await world().addWorker({ fullName: 'Ana Bench' });
    await world().enroll(worker.id);
    const opening = await world().log(worker.id);
    expect(opening.map((m) => m.touchpoint_key)).toEqual(['welcome', 'q1']);
    for (let answer = 1; answer <= 6; answer++) await world().say(worker.phoneNumber!, '1');
    const replies = (await world().log(worker.id)).slice(opening.length).filter((m) => m.direction === 'outbound');
    expect(replies).toHaveLength(7);
    expect(replies.slice(0, 5).map((m) => m.touchpoint_key)).toEqual(['q2', 'q3', 'q4', 'q5', 'q6']);
    expect(replies[5].body).toBe('All done, Ana: 6 of 6 right.');
    expect(replies[6].body).toContain('Quiz finisher');
  });
});
