import { readEngineAction } from '../blueprints/readEngineAction';
import { LOW_WELL_BEING_SCORE, type DomainEvent } from './domainEvent';

/** The step a machine's actions belong to. */
export interface EventStep {
  conversationId: string;
  workerId: string;
  /** The blueprint's key (`onboarding`). */
  journeyKey: string;
  /** Business time of the step, epoch ms. */
  at: number;
}

/** A machine action as `transition()` returns it. */
interface StepAction {
  type: string;
  params?: unknown;
}

/** The domain events one step of a conversation produced, in the order of its actions (pure). */
export function eventsForStep(actions: readonly StepAction[], step: EventStep): DomainEvent[] {
  const base = { workerId: step.workerId, occurredAt: step.at };
  const where = { conversationId: step.conversationId, journeyKey: step.journeyKey };
  return actions.flatMap((raw): DomainEvent[] => {
    if (raw.type.startsWith('xstate.')) return [];
    const action = readEngineAction(raw);
    switch (action.type) {
      case 'recordProgress':
        return action.params.scope === 'touchpoint' && action.params.status === 'completed'
          ? [{ ...base, type: 'touchpoint.completed', data: { ...where, touchpointKey: action.params.key } }]
          : [];
      case 'recordScore': {
        const { touchpointKey, attempt, answer, optionId, correct, points, maxPoints, totalScore } = action.params;
        return [{ ...base, type: 'quiz.answered', data: { ...where, touchpointKey, attempt, answer, optionId, correct, points, maxPoints, totalScore } }];
      }
      case 'recordReflection':
        return [{ ...base, type: 'reflection.submitted', data: { ...where, touchpointKey: action.params.touchpointKey, text: action.params.feedbackText } }];
      case 'recordWellBeing': {
        const { touchpointKey, score } = action.params;
        return [{ ...base, type: 'wellbeing.reported', data: { ...where, touchpointKey, score, low: score <= LOW_WELL_BEING_SCORE } }];
      }
      case 'awardBadge':
        return [{ ...base, type: 'badge.earned', data: { ...where, badgeKey: action.params.key, name: action.params.name, reason: action.params.reason } }];
      case 'journeyCompleted':
        return [{ ...base, type: 'journey.completed', data: { ...where, ...action.params } }];
      default:
        return [];
    }
  });
}
