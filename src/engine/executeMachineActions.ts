import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineAction } from '../blueprints/machineContract';
import { readEngineAction } from '../blueprints/readEngineAction';
import { awardBadge } from './awardBadge';
import { outboundPayload, type MachineAction } from './collectStepWrites';
import { enqueueOutbound } from './enqueueOutbound';
import { completeTouchpointAttempt, countQuizAnswer, recordAttemptResult, startTouchpointAttempt } from './recordTouchpointProgress';
import { recordVariantExposures } from './recordVariantExposures';
import { mayRaiseInboxItem, raiseStepInboxItems } from './raiseStepInboxItems';
import { recordWellBeing } from './recordWellBeing';
import { cancelTimer, scheduleTimer } from './scheduleTimer';
import { systemText } from './systemTexts';

/** Everything an action needs to know about the step it belongs to. */
export interface StepContext {
  em: EntityManager;
  conversationId: string;
  workerId: string;
  assignmentId: string;
  channelId: string;
  touchpointIds: Map<string, string>;
  /** Touchpoint key → experiment keys its rules branch on (listVariantDecisions); leaving it exposes the worker. */
  variantDecisions?: Map<string, string[]>;
  /** Business time of the event, epoch ms. */
  at: number;
  /** Replies to the worker's own message go first; timers and starts are proactive. */
  priority: 'reply' | 'proactive';
  /** The step's messages are not sent before this time, epoch ms (a delivery policy's send time). */
  notBefore?: number;
  /** false: the worker's gamification is off (delivery policy): flow badges are neither awarded nor announced. */
  gamification?: boolean;
}

function touchpointId(step: StepContext, key: string): string {
  const id = step.touchpointIds.get(key);
  if (!id) throw new Error(`Touchpoint '${key}' is not stored for this blueprint version`);
  return id;
}

async function executeEngineAction(step: StepContext, action: EngineAction): Promise<void> {
  const { em, at } = step;
  const tell = (body: string, touchpointKey?: string) =>
    enqueueOutbound(em, { channelId: step.channelId, workerId: step.workerId, conversationId: step.conversationId, touchpointKey, body, priority: step.priority, at, notBefore: step.notBefore });
  switch (action.type) {
    case 'sendContent':
      await enqueueOutbound(em, {
        channelId: step.channelId,
        workerId: step.workerId,
        conversationId: step.conversationId,
        touchpointKey: action.params.touchpointKey,
        body: action.params.text,
        payload: outboundPayload(action.params),
        priority: step.priority,
        at,
        notBefore: step.notBefore,
      });
      return;
    case 'recordProgress': {
      // Progress is kept per touchpoint, as in the seed; phase completion shows through its touchpoints.
      if (action.params.scope !== 'touchpoint') return;
      const target = { assignmentId: step.assignmentId, touchpointId: touchpointId(step, action.params.key), at };
      if (action.params.status === 'started') await startTouchpointAttempt(em, target);
      else await completeTouchpointAttempt(em, target);
      return;
    }
    case 'recordScore': {
      const target = { assignmentId: step.assignmentId, touchpointId: touchpointId(step, action.params.touchpointKey), at };
      const { answer, optionId, correct, points } = action.params;
      await recordAttemptResult(em, target, { answer: optionId ?? answer, score: points, correct });
      await countQuizAnswer(em, step.workerId, correct);
      return;
    }
    case 'recordAnswer': {
      const target = { assignmentId: step.assignmentId, touchpointId: touchpointId(step, action.params.touchpointKey), at };
      await recordAttemptResult(em, target, { answer: action.params.optionId ?? action.params.text, feedbackText: action.params.text });
      return;
    }
    case 'recordReflection': {
      const target = { assignmentId: step.assignmentId, touchpointId: touchpointId(step, action.params.touchpointKey), at };
      await recordAttemptResult(em, target, { answer: action.params.feedbackText, feedbackText: action.params.feedbackText });
      return;
    }
    case 'recordWellBeing': {
      const id = touchpointId(step, action.params.touchpointKey);
      await recordAttemptResult(em, { assignmentId: step.assignmentId, touchpointId: id, at }, { answer: String(action.params.score), score: action.params.score });
      await recordWellBeing(em, { workerId: step.workerId, assignmentId: step.assignmentId, touchpointId: id, value: action.params.score, at });
      return;
    }
    case 'awardBadge': {
      if (step.gamification === false) return;
      const announced = await awardBadge(em, step.workerId, action.params.key, action.params.name, action.params.language, at);
      if (announced !== null) await tell(systemText(action.params.language, 'badgeAwarded', { badge: announced }));
      return;
    }
    case 'answerGivenUp': {
      const { language, rightAnswer, touchpointKey } = action.params;
      await tell(rightAnswer === null ? systemText(language, 'movingOn') : systemText(language, 'rightAnswerWas', { answer: rightAnswer }), touchpointKey);
      return;
    }
    case 'journeyCompleted':
      // The conversation's end is read from the snapshot's status by advanceConversation.
      return;
  }
}

interface RaiseParams {
  event: Record<string, unknown>;
  id?: string;
  delay?: number;
}

/** Executes, in order and in the caller's transaction, every action a transition returned (and raises the coach inbox items they call for). */
export async function executeMachineActions(step: StepContext, actions: readonly MachineAction[]): Promise<void> {
  for (const action of actions) {
    if (action.type === 'xstate.raise') {
      const params = action.params as RaiseParams;
      if (params.delay === undefined) continue;
      const sendId = params.id ?? String(params.event.type);
      await scheduleTimer(step.em, step.conversationId, sendId, params.event, step.at + params.delay, step.at);
    } else if (action.type === 'xstate.cancel') {
      await cancelTimer(step.em, step.conversationId, (action.params as { sendId: string }).sendId);
    } else if (!action.type.startsWith('xstate.')) {
      const engineAction = readEngineAction(action);
      if (mayRaiseInboxItem([action])) await raiseStepInboxItems(step, engineAction);
      await executeEngineAction(step, engineAction);
    }
  }
  if (step.variantDecisions?.size) await recordVariantExposures(step, actions);
}
