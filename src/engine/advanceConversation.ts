import type { EntityManager } from '@mikro-orm/postgresql';
import type { MachineEvent } from '../blueprints/machineContract';
import { eventsForStep } from '../events/eventsForStep';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { recordStepLedger } from '../gamification/recordStepLedger';
import { announceKeptStreak } from './announceKeptStreak';
import { announceRuleBadges } from './announceRuleBadges';
import type { ConversationRow } from './engineRows';
import { executeMachineActions, type StepContext } from './executeMachineActions';
import { loadBlueprintMachine } from './loadBlueprintMachine';
import { restoreSnapshot } from './restoreSnapshot';
import { saveConversationStep } from './saveConversationStep';
import { startNextConversation } from './startNextConversation';
import { transitionRestored } from './transitionRestored';

export interface AdvanceRequest {
  em: EntityManager;
  /** Locked by the caller for the whole transaction. */
  conversation: ConversationRow;
  event: MachineEvent;
  channelId: string;
  priority: StepContext['priority'];
}

/**
 * One step of a locked conversation: pure `transition()`, then its actions, then the snapshot,
 * all in the caller's transaction. When the journey ends, the worker's next one starts, on its
 * program's channel (an inbound message this step answered was just logged in this program's
 * conversation, so within one program the next journey continues on the worker's channel).
 */
export interface AdvanceResult {
  completed: boolean;
  /** Content keys the step sent (`q1`, `q1.hint`, …). */
  sentContentKeys: string[];
}

export async function advanceConversation(request: AdvanceRequest): Promise<AdvanceResult> {
  const { em, conversation, event } = request;
  const blueprint = await loadBlueprintMachine(em, conversation.journey_blueprint_id);
  const { snapshot, upgraded } = restoreSnapshot(blueprint, conversation);
  const [next, actions] = transitionRestored(blueprint.machine, snapshot, event);
  await executeMachineActions(
    {
      em,
      conversationId: conversation.id,
      workerId: conversation.worker_id,
      assignmentId: conversation.worker_assignment_id,
      channelId: request.channelId,
      touchpointIds: blueprint.touchpointIds,
      variantDecisions: blueprint.variantDecisions,
      at: event.at,
      priority: request.priority,
      gamification: next.context.worker.delivery?.gamification !== false,
    },
    actions,
  );
  const step = { conversationId: conversation.id, workerId: conversation.worker_id, journeyKey: blueprint.document.blueprint.key, at: event.at };
  await insertDomainEvents(em, eventsForStep(actions, step));
  const ledger = await recordStepLedger(em, {
    conversationId: conversation.id,
    workerId: conversation.worker_id,
    assignmentId: conversation.worker_assignment_id,
    document: blueprint.document,
    at: event.at,
    timezone: next.context.worker.timezone,
    gamification: next.context.worker.delivery?.gamification !== false,
  }, actions);
  await announceRuleBadges(em, { workerId: conversation.worker_id, conversationId: conversation.id, channelId: request.channelId, language: next.context.worker.language, at: event.at, priority: request.priority }, ledger.badges);
  if (ledger.firstActivityOfPeriod) {
    await announceKeptStreak(em, {
      workerId: conversation.worker_id,
      assignmentId: conversation.worker_assignment_id,
      conversationId: conversation.id,
      channelId: request.channelId,
      language: next.context.worker.language,
      at: event.at,
      priority: request.priority,
    });
  }
  // An upgraded snapshot is written back in the current format even when the step left it as it was.
  await saveConversationStep(em, conversation.id, next, event.at, upgraded ? undefined : snapshot);
  const sentContentKeys = actions.flatMap((action) =>
    action.type === 'sendContent' ? [(action.params as { contentKey: string }).contentKey] : [],
  );
  if (next.status !== 'done') return { completed: false, sentContentKeys };
  await startNextConversation(em, conversation.worker_id, event.at);
  return { completed: true, sentContentKeys };
}
