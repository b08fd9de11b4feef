import { readEngineAction } from '../blueprints/readEngineAction';
import type { LedgerDetail, LedgerEntry } from './ledgerEntry';
import { pointsFor } from './pointsFor';
import type { GamificationRules, LedgerEventKind } from './rulesSchema';

/** Where a touchpoint sits in its journey, and what it shows. */
export interface TouchpointFacts {
  phase: string;
  contentType: string;
}

/** The step a machine's actions belong to. */
export interface LedgerStep {
  workerId: string;
  conversationId: string;
  journey: string;
  touchpoints: ReadonlyMap<string, TouchpointFacts>;
}

/** An action as XState hands it back from a pure transition. */
interface StepAction {
  type: string;
  params?: unknown;
}

/**
 * The ledger entries a step earns, derived from its machine actions alone (pure). Keys come from
 * the progress they record (conversation, touchpoint, attempt), so a replayed webhook, a timer
 * fired twice or a touchpoint visited again never earns twice.
 */
export function ledgerEntriesForStep(actions: readonly StepAction[], step: LedgerStep, rules: GamificationRules): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const add = (kind: LedgerEventKind, idempotencyKey: string, detail: LedgerDetail) =>
    entries.push({ kind, idempotencyKey, detail, points: pointsFor(rules, kind, detail) });
  const ofTouchpoint = (key: string): LedgerDetail => {
    const facts = step.touchpoints.get(key);
    return { touchpoint: key, journey: step.journey, ...(facts ? { phase: facts.phase, contentType: facts.contentType } : {}) };
  };
  const conversation = step.conversationId;
  for (const raw of actions) {
    if (raw.type.startsWith('xstate.')) continue;
    const action = readEngineAction(raw);
    switch (action.type) {
      case 'recordProgress':
        if (action.params.scope === 'touchpoint' && action.params.status === 'completed') {
          add('touchpointCompleted', `touchpoint:${conversation}:${action.params.key}`, ofTouchpoint(action.params.key));
        }
        break;
      case 'recordScore': {
        const { touchpointKey, attempt, points, correct } = action.params;
        add('quizAnswered', `quiz:${conversation}:${touchpointKey}:${attempt}`, { ...ofTouchpoint(touchpointKey), score: points, correct, firstTry: attempt === 1 });
        break;
      }
      case 'recordReflection':
        add('reflectionWritten', `reflection:${conversation}:${action.params.touchpointKey}`, ofTouchpoint(action.params.touchpointKey));
        break;
      case 'recordWellBeing':
        add('wellbeingAnswered', `wellbeing:${conversation}:${action.params.touchpointKey}`, { ...ofTouchpoint(action.params.touchpointKey), score: action.params.score });
        break;
      case 'journeyCompleted':
        add('journeyCompleted', `journey:${conversation}`, { journey: step.journey, score: action.params.totalScore });
        break;
      case 'awardBadge':
        add('badgeAwarded', `badge:${step.workerId}:${action.params.key}`, { badge: action.params.key, journey: step.journey });
        break;
      default:
        break;
    }
  }
  return entries;
}
