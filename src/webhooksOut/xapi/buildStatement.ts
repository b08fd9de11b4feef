import type { Statement } from '@xapi/xapi';
import type { StoredEvent } from '../buildEventEnvelope';

/** Verbs from ADL's xAPI vocabulary (and the registry's `earned`, which ADL's list lacks). */
export const XAPI_VERBS = {
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'en-US': 'failed' } },
  responded: { id: 'http://adlnet.gov/expapi/verbs/responded', display: { 'en-US': 'responded' } },
  earned: { id: 'http://id.tincanapi.com/verb/earned', display: { 'en-US': 'earned' } },
} as const;

const ACTIVITY_TYPES = {
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  module: 'http://adlnet.gov/expapi/activities/module',
  course: 'http://adlnet.gov/expapi/activities/course',
  question: 'http://adlnet.gov/expapi/activities/question',
  badge: 'http://activitystrea.ms/schema/1.0/badge',
} as const;

/** The organization's LRS settings a statement depends on. */
export interface StatementSettings {
  /** The organization's home page (an IRL): the actor's account and the activities' IRIs live under it. */
  homePage: string;
  /** Whether free text (quiz answers typed by the worker, reflections) may leave in `result.response`. */
  sendFreeText: boolean;
}

type Data = Record<string, unknown>;

function activity(id: string, type: string, name: string): Statement['object'] {
  return { objectType: 'Activity', id, definition: { type, name: { 'en-US': name } } };
}

/**
 * The xAPI 1.0.3 statement of a learning event, or undefined for other events. The actor is the
 * worker's id as an account under the organization's home page, never their phone number; the
 * statement id is the event's id, so a retried batch is stored once by the LRS.
 */
export function buildStatement(event: StoredEvent, settings: StatementSettings): Statement | undefined {
  const base = settings.homePage.replace(/\/$/, '');
  const data = event.data as Data;
  const journey = `${base}/journeys/${encodeURIComponent(String(data.journeyKey ?? ''))}`;
  const touchpoint = `${journey}/touchpoints/${encodeURIComponent(String(data.touchpointKey ?? ''))}`;
  const common = {
    id: event.event_id,
    actor: { objectType: 'Agent' as const, account: { homePage: base, name: event.worker_id ?? 'unknown' } },
    timestamp: new Date(event.occurred_at).toISOString(),
    context: { platform: 'coaching-engine', contextActivities: { parent: [{ objectType: 'Activity' as const, id: journey }] } },
  };
  switch (event.type) {
    case 'quiz.answered': {
      const response = typeof data.optionId === 'string' ? data.optionId : settings.sendFreeText ? String(data.answer) : undefined;
      const points = Number(data.points);
      // On the quiz's own scale: a wrong answer to a 10-point quiz is 0 of 10 (events recorded before maxPoints: of its points, at least 1).
      const max = Math.max(Number(data.maxPoints ?? points), points, 1);
      return {
        ...common,
        verb: XAPI_VERBS.answered,
        object: activity(touchpoint, ACTIVITY_TYPES.interaction, String(data.touchpointKey)),
        result: { success: Boolean(data.correct), score: { raw: points, min: 0, max, scaled: points / max }, ...(response === undefined ? {} : { response }) },
      };
    }
    case 'reflection.submitted':
      return {
        ...common,
        verb: XAPI_VERBS.responded,
        object: activity(touchpoint, ACTIVITY_TYPES.question, String(data.touchpointKey)),
        ...(settings.sendFreeText ? { result: { response: String(data.text) } } : {}),
      };
    case 'touchpoint.completed':
      return { ...common, verb: XAPI_VERBS.completed, object: activity(touchpoint, ACTIVITY_TYPES.interaction, String(data.touchpointKey)), result: { completion: true } };
    case 'journey.completed': {
      const total = Number(data.totalScore);
      const max = Number(data.maxScore);
      // A journey with quizzes is passed when every quiz was answered right (its points are all earned).
      const verb = max > 0 ? (total >= max ? XAPI_VERBS.passed : XAPI_VERBS.failed) : XAPI_VERBS.completed;
      const score = max > 0 ? { score: { raw: total, min: 0, max, scaled: Math.round((total / max) * 10_000) / 10_000 }, success: total >= max } : {};
      return { ...common, context: { platform: 'coaching-engine' }, verb, object: activity(journey, ACTIVITY_TYPES.module, String(data.journeyKey)), result: { completion: true, ...score } };
    }
    case 'badge.earned':
      return {
        ...common,
        verb: XAPI_VERBS.earned,
        object: activity(`${base}/badges/${encodeURIComponent(String(data.badgeKey))}`, ACTIVITY_TYPES.badge, String(data.name ?? data.badgeKey)),
      };
    case 'program.completed':
      return {
        ...common,
        context: { platform: 'coaching-engine' },
        verb: XAPI_VERBS.completed,
        object: activity(`${base}/programs/${String(data.programId)}`, ACTIVITY_TYPES.course, String(data.programId)),
        result: { completion: true },
      };
    default:
      return undefined;
  }
}
