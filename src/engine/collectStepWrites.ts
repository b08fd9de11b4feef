import type { EngineAction, SendContentParams } from '../blueprints/machineContract';
import { readEngineAction } from '../blueprints/readEngineAction';
import { planProgressWrites, type ProgressInsert, type ProgressState, type ProgressUpdate } from './planProgressWrites';
import { systemText } from './systemTexts';

/** An action as XState hands it back from a pure transition. */
export interface MachineAction {
  type: string;
  params?: unknown;
}

/** An outbound message the step queues, in order. */
export interface OutboundWrite {
  touchpointKey: string | null;
  body: string;
  payload: Record<string, unknown>;
  /** Queued only when the step awards this badge now (its announcement; a worker who had it is not told again). */
  badgeKey?: string;
}

/** A timer the step leaves behind: set (replacing one of the same send id) or cancelled. */
export interface TimerWrite {
  sendId: string;
  event: Record<string, unknown>;
  dueAt: string;
}

/**
 * Every write of one step, batched per kind and flushed in one statement (`flushStepWrites`).
 * A new kind of row is one more array here and one more CTE there.
 */
export interface StepWrites {
  outbound: OutboundWrite[];
  progressInserts: ProgressInsert[];
  progressUpdates: ProgressUpdate[];
  timersSet: TimerWrite[];
  timersCancelled: string[];
  wellBeing: { touchpointId: string; value: number }[];
  /** Quiz answers of this step, and how many were right (workers.quiz_answers…, performance_metric). */
  quizAnswers: number;
  quizAnswersCorrect: number;
  /** Keys of the badges the step awards (a worker's row each, when they have none yet). */
  badges: string[];
}

/** A step whose actions the batched flush does not cover (it takes the ORM path instead). */
export class UnbatchedAction extends Error {}

export interface StepScope {
  touchpointIds: Map<string, string>;
  /** Business time of the event, epoch ms. */
  at: number;
  /** false when the worker's delivery policy switches gamification off: no badge is awarded. */
  gamification: boolean;
}

interface RaiseParams {
  event: Record<string, unknown>;
  id?: string;
  delay?: number;
}

/** The template stays on the row whatever the window is now: the dispatcher decides at send time. */
export function outboundPayload(params: SendContentParams): Record<string, unknown> {
  return {
    contentKey: params.contentKey,
    language: params.language,
    media: params.media,
    options: params.options,
    interactive: params.interactive,
    textWithOptions: params.textWithOptions,
    expectsAnswer: params.expectsAnswer,
    template: params.template,
  };
}

/**
 * Turns the actions of a transition into the step's writes, in order, with the meaning
 * `executeMachineActions` gives them one statement at a time. A badge award queues its
 * announcement on condition that the badge is awarded now; one whose flow gives it no name (the
 * catalog's name is read in the database) throws `UnbatchedAction`.
 */
export function collectStepWrites(scope: StepScope, actions: readonly MachineAction[], progress: ProgressState): StepWrites {
  const plan = planProgressWrites(progress, scope.at);
  const outbound: OutboundWrite[] = [];
  const timers = new Map<string, TimerWrite | null>();
  const writes: StepWrites = { outbound, progressInserts: [], progressUpdates: [], timersSet: [], timersCancelled: [], wellBeing: [], quizAnswers: 0, quizAnswersCorrect: 0, badges: [] };
  const touchpointId = (key: string) => {
    const id = scope.touchpointIds.get(key);
    if (!id) throw new Error(`Touchpoint '${key}' is not stored for this blueprint version`);
    return id;
  };
  const collect = (action: EngineAction) => {
    switch (action.type) {
      case 'sendContent':
        outbound.push({ touchpointKey: action.params.touchpointKey, body: action.params.text, payload: outboundPayload(action.params) });
        return;
      case 'recordProgress':
        if (action.params.scope !== 'touchpoint') return;
        if (action.params.status === 'started') plan.start(touchpointId(action.params.key));
        else plan.complete(touchpointId(action.params.key));
        return;
      case 'recordScore': {
        const { answer, optionId, correct, points } = action.params;
        plan.result(touchpointId(action.params.touchpointKey), { answer: optionId ?? answer, score: points, correct, feedback: null });
        writes.quizAnswers += 1;
        if (correct) writes.quizAnswersCorrect += 1;
        return;
      }
      case 'recordAnswer':
        plan.result(touchpointId(action.params.touchpointKey), { answer: action.params.optionId ?? action.params.text, score: null, correct: null, feedback: action.params.text });
        return;
      case 'recordReflection':
        plan.result(touchpointId(action.params.touchpointKey), { answer: action.params.feedbackText, score: null, correct: null, feedback: action.params.feedbackText });
        return;
      case 'recordWellBeing': {
        const id = touchpointId(action.params.touchpointKey);
        plan.result(id, { answer: String(action.params.score), score: action.params.score, correct: null, feedback: null });
        writes.wellBeing.push({ touchpointId: id, value: action.params.score });
        return;
      }
      case 'awardBadge': {
        if (!scope.gamification) return;
        const { key, name, language } = action.params;
        if (name === null) throw new UnbatchedAction('awardBadge without a name in the flow');
        writes.badges.push(key);
        outbound.push({ touchpointKey: null, body: systemText(language, 'badgeAwarded', { badge: name }), payload: {}, badgeKey: key });
        return;
      }
      case 'answerGivenUp': {
        const { language, rightAnswer, touchpointKey } = action.params;
        const body = rightAnswer === null ? systemText(language, 'movingOn') : systemText(language, 'rightAnswerWas', { answer: rightAnswer });
        outbound.push({ touchpointKey, body, payload: {} });
        return;
      }
      case 'journeyCompleted':
        return;
    }
  };
  for (const action of actions) {
    if (action.type === 'xstate.raise') {
      const params = action.params as RaiseParams;
      if (params.delay === undefined) continue;
      const sendId = params.id ?? String(params.event.type);
      timers.set(sendId, { sendId, event: params.event, dueAt: new Date(scope.at + params.delay).toISOString() });
    } else if (action.type === 'xstate.cancel') {
      timers.set((action.params as { sendId: string }).sendId, null);
    } else if (!action.type.startsWith('xstate.')) {
      collect(readEngineAction(action));
    }
  }
  for (const [sendId, timer] of timers) {
    if (timer) writes.timersSet.push(timer);
    else writes.timersCancelled.push(sendId);
  }
  const { inserts, updates } = plan.writes();
  writes.progressInserts = inserts;
  writes.progressUpdates = updates;
  return writes;
}
