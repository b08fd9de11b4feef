import { z } from 'zod';
import { durationSchema, timeOfDaySchema } from './flowSchema';

/**
 * The contract between a compiled blueprint machine and the engine that runs
 * it with pure `initialTransition()` / `transition()` calls.
 *
 * - Input: {@link MachineInput}.
 * - Events: {@link AnswerEvent}, timer events replayed exactly as the
 *   machine handed them out in `xstate.raise` actions (`xstate.after.*` for
 *   pacing and timeouts, {@link ReminderEvent} for reminders) with `at` added,
 *   and optionally {@link WorkerUpdatedEvent}.
 * - Actions: every `{ type, params }` in {@link EngineAction}; plus XState's own
 *   `xstate.raise` (store a timer: `params.event`, `params.id`, `params.delay`
 *   in ms) and `xstate.cancel` (delete the timer `params.sendId`).
 */

/**
 * How a worker's messages are delivered when a program-level experiment's variant (or the program)
 * says so: every field is optional, absent means the flow's own pacing and reminders, gamification on.
 */
export const deliveryPolicySchema = z.strictObject({
  sendAt: timeOfDaySchema.optional().describe("Local time (the worker's timezone) of each journey's first message and of every time-of-day wait ('day N at', 'until'), instead of the flow's."),
  reminders: z
    .strictObject({
      count: z.number().int().min(0).max(5).describe('Reminders at most (0: none), instead of the flow\'s count.'),
      after: durationSchema.optional().describe("Time without an answer before each reminder, instead of the flow's."),
    })
    .optional()
    .describe('Applies to the touchpoints whose flow defines reminders (their text comes from the flow).'),
  gamification: z.boolean().optional().describe('false: no points, badges, streak or rank messages for these workers.'),
});
export type DeliveryPolicy = z.infer<typeof deliveryPolicySchema>;

/** What the machine knows about the worker; read by guards, delays and texts. */
export const workerFactsSchema = z.object({
  /** First name, for `{{first_name}}`. */
  firstName: z.string(),
  /** Preferred language code; falls back to the blueprint's default language. */
  language: z.string(),
  /** IANA timezone, e.g. "America/Mexico_City"; pacing uses local time here. */
  timezone: z.string(),
  /** Enrollment instant, epoch milliseconds; "day N" counts from its local date. */
  enrolledAt: z.number(),
  /** Custom worker attributes for rules. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Names of the segments the worker belongs to. */
  segments: z.array(z.string()),
  /** Experiment key → variant key. */
  variants: z.record(z.string(), z.string()),
  /** Keys of badges the worker already holds (not awarded twice). */
  badges: z.array(z.string()),
  /** The delivery policy of the worker's program (and experiment variant), when it departs from the flow's. */
  delivery: deliveryPolicySchema.optional(),
});
export type WorkerFacts = z.infer<typeof workerFactsSchema>;

/** Input of `initialTransition(machine, input)`. */
export type MachineInput = {
  worker: WorkerFacts;
  /** Start instant, epoch ms; defaults to `worker.enrolledAt`. */
  at?: number;
};

/** A worker's message. */
export type AnswerEvent = {
  type: 'ANSWER';
  /** Message text as received. */
  text: string;
  /** Interactive button or list reply id, when the worker tapped one. */
  replyId?: string;
  /** Kind of the photo, voice note, video or document the worker sent (its caption is `text`). */
  media?: 'image' | 'audio' | 'video' | 'document';
  /** Receipt instant, epoch ms. */
  at: number;
};

/** A reminder timer coming due (scheduled by a delayed raise with id `reminder`). */
export type ReminderEvent = {
  type: 'REMINDER';
  /** Touchpoint the reminder belongs to; stale reminders are ignored. */
  touchpoint: string;
  /** Due instant as fired by the scheduler, epoch ms. */
  at: number;
};

/** A delayed transition coming due: pacing (`xstate.after.pace_*`) or timeout (`xstate.after.timeout_*`). */
export type AfterEvent = {
  type: `xstate.after.${string}`;
  /** Due instant as fired by the scheduler, epoch ms. */
  at: number;
};

/**
 * The worker's facts changed (attributes, segments, variants, language,
 * timezone, badges): later rules, texts and pacing use the new ones. Optional:
 * without it the machine keeps the facts it started with.
 */
export type WorkerUpdatedEvent = {
  type: 'WORKER_UPDATED';
  worker: WorkerFacts;
  /** Instant of the change, epoch ms. */
  at: number;
};

export type MachineEvent = AnswerEvent | ReminderEvent | AfterEvent | WorkerUpdatedEvent;

/** Id of the delayed raise carrying reminders; cancelled explicitly on answer and timeout. */
export const REMINDER_TIMER_ID = 'reminder';

const mediaSchema = z.object({
  kind: z.enum(['image', 'audio', 'video', 'document']),
  url: z.string(),
});

export const sendContentParamsSchema = z.object({
  touchpointKey: z.string(),
  /** Stable id of the content (`<touchpoint>`, `<touchpoint>.hint`, `<touchpoint>.reminder`, ...). */
  contentKey: z.string(),
  /** The touchpoint's `notify: { to: coach, reason }`: a coach must follow up once its body is sent (the reason). */
  notifyCoach: z.string().optional(),
  /** Language the text was rendered in. */
  language: z.string(),
  /** Rendered body in the worker's language (variables filled in). */
  text: z.string(),
  /** Body followed by numbered options: use it when interactive messages are not possible. */
  textWithOptions: z.string(),
  media: mediaSchema.optional(),
  /** Choices; `id` is the interactive reply id. */
  options: z.array(z.object({ id: z.string(), title: z.string() })),
  /** How the options fit WhatsApp: reply buttons, a list, or numbered text only. */
  interactive: z.enum(['none', 'buttons', 'list']),
  /** Template to use when the 24-hour window is closed (variables already rendered). */
  template: z.object({ name: z.string(), language: z.string(), variables: z.array(z.string()) }).optional(),
  /** True when the machine now waits for the worker's answer. */
  expectsAnswer: z.boolean(),
});

/** Actions the engine executes; switch on `type`. */
export const engineActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sendContent'), params: sendContentParamsSchema }),
  z.object({
    type: z.literal('recordProgress'),
    params: z.object({
      /** Touchpoint key, or the phase key when `scope` is phase. */
      key: z.string(),
      scope: z.enum(['touchpoint', 'phase']),
      status: z.enum(['started', 'completed', 'skipped']),
    }),
  }),
  z.object({
    type: z.literal('recordScore'),
    params: z.object({
      touchpointKey: z.string(),
      /** 1 for the first answer to this quiz in this journey, 2 for the next, ... */
      attempt: z.number(),
      answer: z.string(),
      optionId: z.string().nullable(),
      correct: z.boolean(),
      points: z.number(),
      /** What a right answer to this quiz scores: the scale `points` is on. */
      maxPoints: z.number(),
      /** Quiz points so far in this journey (best answer per quiz). */
      totalScore: z.number(),
    }),
  }),
  z.object({
    type: z.literal('recordAnswer'),
    params: z.object({ touchpointKey: z.string(), text: z.string(), optionId: z.string().nullable() }),
  }),
  z.object({
    type: z.literal('recordReflection'),
    params: z.object({ touchpointKey: z.string(), feedbackText: z.string() }),
  }),
  z.object({
    type: z.literal('recordWellBeing'),
    params: z.object({ touchpointKey: z.string(), score: z.number().int().min(1).max(5) }),
  }),
  z.object({
    type: z.literal('awardBadge'),
    params: z.object({
      key: z.string(),
      /** Name in the worker's language; null for a badge referenced from the catalog. */
      name: z.string().nullable(),
      reason: z.enum(['phaseCompleted', 'journeyCompleted', 'quizAllCorrect']),
      /** Language to announce it in. */
      language: z.string(),
    }),
  }),
  z.object({
    type: z.literal('answerGivenUp'),
    params: z.object({
      touchpointKey: z.string(),
      /** Language to tell the worker in. */
      language: z.string(),
      /** Quiz: the correct option's text, told to the worker before moving on; null otherwise. */
      rightAnswer: z.string().nullable(),
    }),
  }),
  z.object({
    type: z.literal('journeyCompleted'),
    params: z.object({ totalScore: z.number(), maxScore: z.number(), endedBy: z.enum(['finished', 'rule', 'timeout']) }),
  }),
]);
export type EngineAction = z.infer<typeof engineActionSchema>;
export type SendContentParams = z.infer<typeof sendContentParamsSchema>;
export type ActionParams<T extends EngineAction['type']> = Extract<EngineAction, { type: T }>['params'];

/** What the machine remembers between events (serializable, bounded); persisted in its snapshot. */
export const machineContextSchema = z.object({
  worker: workerFactsSchema,
  /** Start instant, epoch ms. */
  startedAt: z.number(),
  /** Best points per quiz touchpoint. */
  scores: z.record(z.string(), z.number()),
  /** Answers given per quiz touchpoint (attempt numbers). */
  quizAttempts: z.record(z.string(), z.number()),
  /** Quizzes not answered right at the first try (or skipped). */
  missedQuizzes: z.array(z.string()),
  /** Unrecognized answers in the current touchpoint. */
  attempts: z.number(),
  /** Reminders sent in the current touchpoint. */
  remindersSent: z.number(),
  /** Outcome of the last answer, read by rules. */
  last: z.object({ optionId: z.string().nullable(), correct: z.boolean().nullable(), wellbeing: z.number().nullable(), unrecognized: z.boolean() }),
  /** Name of the last badge awarded, for `{{badge}}`. */
  lastBadge: z.string().nullable(),
  /** Badges awarded by this journey. */
  awarded: z.array(z.string()),
});
export type MachineContext = z.infer<typeof machineContextSchema>;
