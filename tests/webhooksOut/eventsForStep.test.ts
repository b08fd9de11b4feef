import { describe, expect, it } from 'vitest';
import { eventsForStep } from '../../src/events/eventsForStep';

const step = { conversationId: 'c1', workerId: 'w1', journeyKey: 'safety', at: 1_000 };
const where = { conversationId: 'c1', journeyKey: 'safety' };

describe('eventsForStep: the domain events of one step, from its machine actions', () => {
  it('derives each learning event with its data, in the order of the actions', () => {
    const events = eventsForStep(
      [
        { type: 'recordScore', params: { touchpointKey: 'q1', attempt: 2, answer: 'b', optionId: 'opt-b', correct: false, points: 0, maxPoints: 10, totalScore: 1 } },
        { type: 'recordProgress', params: { key: 'q1', scope: 'touchpoint', status: 'completed' } },
        { type: 'recordWellBeing', params: { touchpointKey: 'mood', score: 2 } },
        { type: 'recordReflection', params: { touchpointKey: 'think', feedbackText: 'Long day' } },
        { type: 'awardBadge', params: { key: 'steady', name: 'Steady', reason: 'journeyCompleted', language: 'en' } },
        { type: 'journeyCompleted', params: { totalScore: 1, maxScore: 2, endedBy: 'finished' } },
      ],
      step,
    );
    expect(events).toEqual([
      { type: 'quiz.answered', workerId: 'w1', occurredAt: 1_000, data: { ...where, touchpointKey: 'q1', attempt: 2, answer: 'b', optionId: 'opt-b', correct: false, points: 0, maxPoints: 10, totalScore: 1 } },
      { type: 'touchpoint.completed', workerId: 'w1', occurredAt: 1_000, data: { ...where, touchpointKey: 'q1' } },
      { type: 'wellbeing.reported', workerId: 'w1', occurredAt: 1_000, data: { ...where, touchpointKey: 'mood', score: 2, low: true } },
      { type: 'reflection.submitted', workerId: 'w1', occurredAt: 1_000, data: { ...where, touchpointKey: 'think', text: 'Long day' } },
      { type: 'badge.earned', workerId: 'w1', occurredAt: 1_000, data: { ...where, badgeKey: 'steady', name: 'Steady', reason: 'journeyCompleted' } },
      { type: 'journey.completed', workerId: 'w1', occurredAt: 1_000, data: { ...where, totalScore: 1, maxScore: 2, endedBy: 'finished' } },
    ]);
  });

  it('flags only low well-being and ignores what is no event (sends, starts, timers, phases)', () => {
    const events = eventsForStep(
      [
        { type: 'recordWellBeing', params: { touchpointKey: 'mood', score: 3 } },
        { type: 'recordProgress', params: { key: 'q2', scope: 'touchpoint', status: 'started' } },
        { type: 'recordProgress', params: { key: 'basics', scope: 'phase', status: 'completed' } },
        { type: 'xstate.raise', params: { event: { type: 'xstate.after.1000.m.s' }, delay: 1_000 } },
        { type: 'answerGivenUp', params: { touchpointKey: 'q2', language: 'en', rightAnswer: null } },
      ],
      step,
    );
    expect(events).toEqual([{ type: 'wellbeing.reported', workerId: 'w1', occurredAt: 1_000, data: { ...where, touchpointKey: 'mood', score: 3, low: false } }]);
  });
});
