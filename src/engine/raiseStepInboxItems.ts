import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineAction } from '../blueprints/machineContract';
import { scopedSql } from '../db/tenancy/scopedSql';
import { raiseInboxItems, type InboxRaise } from '../inbox/raiseInboxItems';
import type { MachineAction } from './collectStepWrites';

/**
 * Whether a step's actions may raise a coach inbox item (a well-being answer, a touchpoint that
 * notifies a coach, a hint right after the same hint): such steps take the ORM path, which raises
 * them (raiseStepInboxItems) in the step's transaction.
 * @param lastContentKey the content key of the last message sent to the worker, when known (the
 *   hot path reads it); when unknown, every hint may be a second one.
 */
export function mayRaiseInboxItem(actions: readonly MachineAction[], lastContentKey?: string | null): boolean {
  return actions.some((action) => {
    if (action.type === 'recordWellBeing') return true;
    if (action.type !== 'sendContent') return false;
    const params = action.params as { contentKey: string; notifyCoach?: string };
    if (params.notifyCoach !== undefined) return true;
    return params.contentKey.endsWith('.hint') && (lastContentKey === undefined || lastContentKey === params.contentKey);
  });
}

/** The step of one conversation whose action is checked. */
export interface InboxStep {
  em: EntityManager;
  conversationId: string;
  workerId: string;
  at: number;
}

/**
 * Raises what one engine action tells a coach (before the action's own writes): a low well-being
 * answer (at or below the organization's threshold), a touchpoint's `notify: coach` promise, or a
 * hint sent right after the same hint (the worker's free text was not usable twice in a row).
 */
export async function raiseStepInboxItems(step: InboxStep, action: EngineAction): Promise<void> {
  const base = { workerId: step.workerId, conversationId: step.conversationId };
  const raises: InboxRaise[] = [];
  if (action.type === 'recordWellBeing') {
    raises.push({ ...base, cause: 'low_well_being', reason: `Answered ${action.params.score} of 5 to "${action.params.touchpointKey}"`, wellBeingScore: action.params.score });
  } else if (action.type === 'sendContent' && action.params.notifyCoach !== undefined) {
    raises.push({ ...base, cause: 'flow_promise', reason: action.params.notifyCoach });
  } else if (action.type === 'sendContent' && action.params.contentKey.endsWith('.hint')) {
    const [last] = await scopedSql<{ content_key: string | null }>(
      step.em,
      `select payload->>'contentKey' as content_key from messages
        where organization_id = :organization_id and worker_id = :worker and conversation_id = :conversation and direction = 'outbound'
        order by seq desc limit 1`,
      { worker: step.workerId, conversation: step.conversationId },
    );
    if (last?.content_key === action.params.contentKey) {
      raises.push({ ...base, cause: 'unusable_text', reason: `Two answers in a row to "${action.params.touchpointKey}" the bot could not use` });
    }
  }
  await raiseInboxItems(step.em, raises, step.at);
}
