import { describe, expect, it } from 'vitest';
import type { DomainEventType } from '../../src/events/domainEvent';
import { buildStatement } from '../../src/webhooksOut/xapi/buildStatement';

const settings = { homePage: 'https://acme.example.com/', sendFreeText: false };
const statementOf = (type: DomainEventType, data: Record<string, unknown>) =>
  buildStatement({ event_id: '0b7c7b0e-5a4f-4a39-9d1e-3b4f6f3f0a11', organization_id: 'o', worker_id: 'w-1', type, occurred_at: new Date('2026-12-07T10:00:00Z'), data: { journeyKey: 'onboarding', touchpointKey: 'q 1', ...data } }, settings);

/** What xAPI 1.0.3 requires of a score: raw within [min, max], scaled within [-1, 1]. */
function expectValidScore(score: { raw?: number; min?: number; max?: number; scaled?: number } | undefined) {
  expect(score).toBeDefined();
  const { raw = 0, min = 0, max = 0, scaled = 0 } = score!;
  expect(min).toBeLessThan(max);
  expect(raw).toBeGreaterThanOrEqual(min);
  expect(raw).toBeLessThanOrEqual(max);
  expect(Math.abs(scaled)).toBeLessThanOrEqual(1);
}

describe('an xAPI statement at the edges of a score', () => {
  it('keeps a quiz of 999 points, of 0 and a wrong answer within xAPI bounds', () => {
    for (const [points, correct] of [[999, true], [0, true], [0, false]] as const) {
      const statement = statementOf('quiz.answered', { attempt: 1, answer: 'b', optionId: 'b', correct, points, totalScore: points });
      expectValidScore(statement?.result?.score);
      expect(statement?.result?.success).toBe(correct);
    }
  });

  it("scores an answer on its quiz's own scale: a wrong one to a 10-point quiz is 0 of 10, one recorded before maxPoints of at least 1", () => {
    const wrong = statementOf('quiz.answered', { attempt: 1, answer: 'b', optionId: 'b', correct: false, points: 0, maxPoints: 10, totalScore: 0 });
    expect(wrong?.result?.score).toEqual({ raw: 0, min: 0, max: 10, scaled: 0 });
    const right = statementOf('quiz.answered', { attempt: 1, answer: 'a', optionId: 'a', correct: true, points: 10, maxPoints: 10, totalScore: 10 });
    expect(right?.result?.score).toEqual({ raw: 10, min: 0, max: 10, scaled: 1 });
    const before = statementOf('quiz.answered', { attempt: 1, answer: 'b', optionId: 'b', correct: false, points: 0, totalScore: 0 });
    expect(before?.result?.score).toEqual({ raw: 0, min: 0, max: 1, scaled: 0 });
  });

  it('keeps a journey scored 999 of 999 and one with no quiz points within bounds, with IRIs, an account and an ISO time', () => {
    const passed = statementOf('journey.completed', { totalScore: 999, maxScore: 999, endedBy: 'finished' });
    expectValidScore(passed?.result?.score);
    expect(passed?.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
    const unscored = statementOf('journey.completed', { totalScore: 0, maxScore: 0, endedBy: 'finished' });
    expect(unscored?.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
    expect(unscored?.result?.score).toBeUndefined();
    expect(passed).toMatchObject({ actor: { objectType: 'Agent', account: { homePage: 'https://acme.example.com', name: 'w-1' } }, timestamp: '2026-12-07T10:00:00.000Z', object: { id: 'https://acme.example.com/journeys/onboarding' } });
    expect(statementOf('quiz.answered', { attempt: 1, answer: 'b', optionId: 'b', correct: true, points: 1, totalScore: 1 })?.object).toMatchObject({ id: 'https://acme.example.com/journeys/onboarding/touchpoints/q%201' });
  });
});
