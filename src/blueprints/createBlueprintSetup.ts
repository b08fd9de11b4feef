import { assign, enqueueActions, setup } from 'xstate';
import type { Award, Touchpoint, Wait } from './flowSchema';
import type { BlueprintIndex } from './indexBlueprint';
import { expectsAnswer } from './indexBlueprint';
import type { ActionParams, EngineAction, MachineContext, MachineEvent, MachineInput } from './machineContract';
import { REMINDER_TIMER_ID } from './machineContract';
import { buildSendContent, languageOf } from './buildSendContent';
import { computeWaitDelay } from './computeWaitDelay';
import { evaluateAnswer, isEmptyAnswer, quizPointsOf, type Answer } from './evaluateAnswer';
import { evaluateCondition, totalScore } from './evaluateCondition';
import { pickLanguage } from './renderText';
import { boundedDurationMs } from './storableBounds';

type TouchpointParams = { touchpoint: string };
type RuleParams = { touchpoint: string; index: number };
type EndParams = { endedBy: ActionParams<'journeyCompleted'>['endedBy'] };

/** Time of an event: its `at`, or the start instant for the initial event. */
export function eventTime(context: MachineContext, event: { type: string }): number {
  return 'at' in event && typeof event.at === 'number' ? event.at : context.startedAt;
}

/** What the worker sent, if the event is an answer. */
function answerOf(event: MachineEvent): Answer {
  return event.type === 'ANSWER' ? { text: event.text, replyId: event.replyId, media: event.media } : { text: '' };
}

const noop = (): void => {};

/** A delivery policy's send time replaces a time-of-day wait's own time (a duration stays as it is). */
function withSendTime(wait: Wait, sendAt: string | undefined): Wait {
  if (sendAt === undefined || 'duration' in wait) return wait;
  return 'day' in wait ? { ...wait, at: sendAt } : { ...wait, until: sendAt };
}

/** A touchpoint's reminders (count, spacing in ms) under the worker's delivery policy; none when the flow defines none. */
function reminderPlan(touchpoint: Touchpoint, context: MachineContext): { count: number; afterMs: number } | undefined {
  if (touchpoint.type === 'text' || touchpoint.type === 'media' || !touchpoint.reminders) return undefined;
  const override = context.worker.delivery?.reminders;
  return { count: override?.count ?? touchpoint.reminders.count, afterMs: boundedDurationMs(override?.after ?? touchpoint.reminders.after) };
}

/** Defines an internal action that enqueues engine actions (typed, static params). */
function collect<P extends Record<string, unknown>>(
  body: Parameters<typeof enqueueActions<MachineContext, MachineEvent, P, MachineEvent, never, EngineAction, never, string, never>>[0],
) {
  return enqueueActions<MachineContext, MachineEvent, P, MachineEvent, never, EngineAction, never, string, never>(body);
}

/**
 * The `setup()` of a blueprint's machine: the engine-facing actions (no-ops
 * here, executed by the engine from `transition()`'s result), the internal
 * actions that compute them, the rule guards and the pacing/timeout delays.
 */
export function createBlueprintSetup(index: BlueprintIndex) {
  const tp = (key: string): Touchpoint => {
    const entry = index.touchpoints.get(key);
    if (!entry) throw new Error(`unknown touchpoint ${key}`);
    return entry.touchpoint;
  };
  const worthAwarding = (award: Award, context: MachineContext, phaseKey: string | null): boolean => {
    if (context.awarded.includes(award.badge) || context.worker.badges.includes(award.badge)) return false;
    if (award.on === 'quizAllCorrect') {
      const scope = index.doc.phases.filter((p) => award.phase === undefined || p.key === award.phase);
      if (award.phase !== undefined && phaseKey !== null && award.phase !== phaseKey) return false;
      const quizzes = scope.flatMap((p) => p.touchpoints).filter((t) => t.type === 'quiz').map((t) => t.key);
      const answered = quizzes.filter((k) => (context.quizAttempts[k] ?? 0) > 0);
      return answered.length > 0 && quizzes.every((k) => !context.missedQuizzes.includes(k));
    }
    return award.on === 'phaseCompleted' ? award.phase === phaseKey : phaseKey === null;
  };
  const giveAwards = (
    context: MachineContext,
    enqueue: Parameters<Parameters<typeof collect>[0]>[0]['enqueue'],
    phaseKey: string | null,
  ): void => {
    const language = context.worker.language;
    const fallback = index.doc.blueprint.defaultLanguage;
    const awarded = [...context.awarded];
    let lastBadge = context.lastBadge;
    for (const award of index.doc.awards) {
      const relevant = award.on === 'quizAllCorrect' ? (award.phase === undefined) === (phaseKey === null) : true;
      if (!relevant || awarded.includes(award.badge) || !worthAwarding(award, context, phaseKey)) continue;
      const badge = index.doc.badges.find((b) => b.key === award.badge);
      const name = badge?.name ? pickLanguage(badge.name, language, fallback) : null;
      enqueue({ type: 'awardBadge', params: { key: award.badge, name, reason: award.on, language: languageOf(index, context) } });
      awarded.push(award.badge);
      lastBadge = name ?? award.badge;
    }
    if (awarded.length !== context.awarded.length) enqueue.assign({ awarded, lastBadge });
  };

  const delays: Record<string, ({ context, event }: { context: MachineContext; event: MachineEvent }) => number> = {};
  for (const { touchpoint } of index.touchpoints.values()) {
    const wait = touchpoint.wait;
    if (wait) {
      delays[`pace_${touchpoint.key}`] = ({ context, event }) =>
        computeWaitDelay(withSendTime(wait, context.worker.delivery?.sendAt), eventTime(context, event), context.worker.timezone, context.worker.enrolledAt);
    }
    if (touchpoint.type !== 'text' && touchpoint.type !== 'media' && touchpoint.timeout) {
      const ms = boundedDurationMs(touchpoint.timeout.after);
      delays[`timeout_${touchpoint.key}`] = () => ms;
    }
  }

  return setup({
    types: {} as { context: MachineContext; events: MachineEvent; input: MachineInput },
    actions: {
      sendContent: (_: unknown, _params: ActionParams<'sendContent'>) => noop(),
      recordProgress: (_: unknown, _params: ActionParams<'recordProgress'>) => noop(),
      recordScore: (_: unknown, _params: ActionParams<'recordScore'>) => noop(),
      recordAnswer: (_: unknown, _params: ActionParams<'recordAnswer'>) => noop(),
      recordReflection: (_: unknown, _params: ActionParams<'recordReflection'>) => noop(),
      recordWellBeing: (_: unknown, _params: ActionParams<'recordWellBeing'>) => noop(),
      awardBadge: (_: unknown, _params: ActionParams<'awardBadge'>) => noop(),
      answerGivenUp: (_: unknown, _params: ActionParams<'answerGivenUp'>) => noop(),
      journeyCompleted: (_: unknown, _params: ActionParams<'journeyCompleted'>) => noop(),

      /** Sends a touchpoint and, when it asks something, arms its reminder. */
      present: collect<TouchpointParams>(({ context, event, enqueue }, { touchpoint: key }) => {
        const touchpoint = tp(key);
        enqueue.assign({ attempts: 0, remindersSent: 0 });
        enqueue({ type: 'recordProgress', params: { key, scope: 'touchpoint', status: 'started' } });
        const content = buildSendContent(index, touchpoint, 'body', context);
        if (content) enqueue({ type: 'sendContent', params: content });
        if (!expectsAnswer(touchpoint)) {
          enqueue({ type: 'recordProgress', params: { key, scope: 'touchpoint', status: 'completed' } });
          return;
        }
        const reminders = reminderPlan(touchpoint, context);
        if (reminders && reminders.count > 0) {
          const delay = reminders.afterMs;
          enqueue.raise({ type: 'REMINDER', touchpoint: key, at: eventTime(context, event) + delay }, { id: REMINDER_TIMER_ID, delay });
        }
      }),
      /** Sends a reminder and arms the next one while the count allows. */
      remind: collect<TouchpointParams>(({ context, event, enqueue }, { touchpoint: key }) => {
        const touchpoint = tp(key);
        const reminders = reminderPlan(touchpoint, context);
        if (!reminders) return;
        const content = buildSendContent(index, touchpoint, 'reminder', context);
        if (content) enqueue({ type: 'sendContent', params: content });
        const sent = context.remindersSent + 1;
        enqueue.assign({ remindersSent: sent });
        if (sent < reminders.count) {
          const delay = reminders.afterMs;
          enqueue.raise({ type: 'REMINDER', touchpoint: key, at: eventTime(context, event) + delay }, { id: REMINDER_TIMER_ID, delay });
        }
      }),
      /** Re-asks after an unrecognized answer; a message with nothing to read costs no attempt. */
      hint: collect<TouchpointParams>(({ context, event, enqueue }, { touchpoint: key }) => {
        if (!isEmptyAnswer(tp(key), answerOf(event))) enqueue.assign({ attempts: context.attempts + 1 });
        const content = buildSendContent(index, tp(key), 'hint', context);
        if (content) enqueue({ type: 'sendContent', params: content });
      }),
      /** Records an answer (or giving up on it) and remembers its outcome for the rules. */
      accept: collect<TouchpointParams>(({ context, event, enqueue }, { touchpoint: key }) => {
        const touchpoint = tp(key);
        const answer = answerOf(event);
        const text = answer.text.trim() === '' && answer.media ? `(${answer.media})` : answer.text;
        const outcome = evaluateAnswer(touchpoint, answer);
        if (touchpoint.type !== 'text' && touchpoint.type !== 'media' && touchpoint.reminders) enqueue.cancel(REMINDER_TIMER_ID);
        const next: Partial<MachineContext> = {
          last: { optionId: outcome.optionId, correct: outcome.correct, wellbeing: outcome.wellbeing, unrecognized: outcome.unrecognized },
        };
        if (touchpoint.type === 'quiz') {
          const attempt = (context.quizAttempts[key] ?? 0) + 1;
          next.quizAttempts = { ...context.quizAttempts, [key]: attempt };
          if (attempt === 1 && outcome.correct !== true) next.missedQuizzes = [...context.missedQuizzes, key];
          if (!outcome.unrecognized) {
            const scores = { ...context.scores, [key]: Math.max(context.scores[key] ?? 0, outcome.points) };
            next.scores = scores;
            const params = { touchpointKey: key, attempt, answer: text, optionId: outcome.optionId, correct: outcome.correct === true, points: outcome.points, maxPoints: quizPointsOf(touchpoint) };
            enqueue({ type: 'recordScore', params: { ...params, totalScore: totalScore({ ...context, scores }) } });
          }
        } else if (!outcome.unrecognized) {
          if (touchpoint.type === 'reflection') enqueue({ type: 'recordReflection', params: { touchpointKey: key, feedbackText: text } });
          if (touchpoint.type === 'question') enqueue({ type: 'recordAnswer', params: { touchpointKey: key, text, optionId: outcome.optionId } });
          if (touchpoint.type === 'wellbeing' && outcome.wellbeing !== null) {
            enqueue({ type: 'recordWellBeing', params: { touchpointKey: key, score: outcome.wellbeing } });
          }
        }
        enqueue.assign(next);
        const status = outcome.unrecognized ? 'skipped' : 'completed';
        enqueue({ type: 'recordProgress', params: { key, scope: 'touchpoint', status } });
        if (outcome.unrecognized) {
          const language = languageOf(index, context);
          const right = touchpoint.type === 'quiz' ? touchpoint.options.find((o) => o.correct === true) : undefined;
          const rightAnswer = right ? pickLanguage(right.text, language, index.doc.blueprint.defaultLanguage) : null;
          enqueue({ type: 'answerGivenUp', params: { touchpointKey: key, language, rightAnswer } });
        }
        if (outcome.correct !== null) {
          const feedback = buildSendContent(index, touchpoint, outcome.correct ? 'correct' : 'incorrect', { ...context, ...next });
          if (feedback) enqueue({ type: 'sendContent', params: feedback });
        }
      }),
      /** The worker never answered: stop reminders, mark the touchpoint skipped. */
      timeOut: collect<TouchpointParams>(({ context, enqueue }, { touchpoint: key }) => {
        const touchpoint = tp(key);
        if (touchpoint.type !== 'text' && touchpoint.type !== 'media' && touchpoint.reminders) enqueue.cancel(REMINDER_TIMER_ID);
        const missed = touchpoint.type === 'quiz' && !context.missedQuizzes.includes(key) && !(context.quizAttempts[key] > 0);
        enqueue.assign({
          last: { optionId: null, correct: null, wellbeing: null, unrecognized: false },
          ...(missed ? { missedQuizzes: [...context.missedQuizzes, key] } : {}),
        });
        enqueue({ type: 'recordProgress', params: { key, scope: 'touchpoint', status: 'skipped' } });
      }),
      /** A phase ran to its end. */
      completePhase: collect<{ phase: string }>(({ context, enqueue }, { phase }) => {
        enqueue({ type: 'recordProgress', params: { key: phase, scope: 'phase', status: 'completed' } });
        giveAwards(context, enqueue, phase);
      }),
      /** New worker facts from the engine. */
      updateWorker: assign(({ context, event }) => ({ worker: event.type === 'WORKER_UPDATED' ? event.worker : context.worker })),
      /** The journey ends (last phase done, a rule, or a timeout). */
      finish: collect<EndParams>(({ context, enqueue }, { endedBy }) => {
        if (endedBy !== 'timeout') giveAwards(context, enqueue, null);
        enqueue({ type: 'journeyCompleted', params: { totalScore: totalScore(context), maxScore: index.maxScore, endedBy } });
      }),
    },
    guards: {
      /** The answer is not understood and attempts remain (or it had nothing to read, which costs none). */
      retry: ({ context, event }, { touchpoint: key }: TouchpointParams) => {
        const touchpoint = tp(key);
        const answer = answerOf(event);
        const max = touchpoint.type !== 'text' && touchpoint.type !== 'media' ? (touchpoint.answers?.maxAttempts ?? 3) : 1;
        return evaluateAnswer(touchpoint, answer).unrecognized && (isEmptyAnswer(touchpoint, answer) || context.attempts + 1 < max);
      },
      /** A reminder for this touchpoint is due and the count allows it. */
      reminderDue: ({ context, event }, { touchpoint: key }: TouchpointParams) => {
        const count = reminderPlan(tp(key), context)?.count ?? 0;
        return event.type === 'REMINDER' && event.touchpoint === key && context.remindersSent < count;
      },
      /** Rule `index` of the touchpoint applies. */
      rule: ({ context }, { touchpoint: key, index: ruleIndex }: RuleParams) => {
        const rule = tp(key).rules?.[ruleIndex];
        return rule !== undefined && evaluateCondition(rule.if ?? {}, context);
      },
    },
    delays,
  });
}

/** The result of `setup()` for a blueprint. */
export type BlueprintSetup = ReturnType<typeof createBlueprintSetup>;
