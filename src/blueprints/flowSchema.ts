import { z } from 'zod';

/**
 * The flow file format: one YAML file per journey blueprint, in flows/.
 * This schema is the single source of truth; flows/schema.json is generated
 * from it (`npm run flows -- schema`).
 */

/** A stable identifier: lower-case letters, digits, `-` and `_`, starting with a letter. */
export const keySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" or "_", starting with a letter')
  .describe('A stable key: lower-case letters, digits, "-" or "_".');

const KEY_COLUMN = 100;
/**
 * A key stored in a column of 100 characters (blueprint, phase, touchpoint, badge). Only what a
 * column stores is bounded: stored versions are read with this schema too, and every one of them
 * fitted its columns when it was stored.
 */
const storedKeySchema = keySchema.max(KEY_COLUMN).describe(`A stable key: lower-case letters, digits, "-" or "_"; at most ${KEY_COLUMN} characters.`);

/** Longest text of the columns a blueprint title and the default language's phase title are stored in. */
const TITLE_COLUMN = 255;
/** Longest library content key: a touchpoint without `content` gets `<blueprint>/<touchpoint>`. */
const CONTENT_KEY_COLUMN = 200;

/** A language code such as `en`, `es`, `pt-BR`. */
export const languageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a language code such as "en", "es" or "pt-BR"')
  .describe('Language code, e.g. "en", "es", "pt-BR".');

/**
 * A text in each of the blueprint's languages. Variables are written
 * `{{first_name}}`, `{{score}}`, `{{max_score}}`, `{{badge}}`, `{{wellbeing}}`.
 */
export const localizedTextSchema = z
  .record(languageSchema, z.string().min(1))
  .describe('Text per language code, e.g. { en: "Hi {{first_name}}", es: "Hola {{first_name}}" }.');

/** A duration such as `30m`, `4h`, `1d12h`, `90s`. */
export const durationSchema = z
  .string()
  .regex(/^(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/, 'write a duration such as "30m", "4h" or "1d12h"')
  .describe('Duration: days, hours, minutes, seconds, e.g. "30m", "4h", "1d12h".');

/** A local time of day `HH:MM` (24 h). */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a local time as "HH:MM", e.g. "09:00"')
  .describe('Local time of day in the worker\'s timezone, "HH:MM" (24 h).');

export const weekdaySchema = z.enum([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/** An approved WhatsApp template, used when the worker's 24-hour window is closed. */
export const templateSchema = z
  .strictObject({
    name: z.string().min(1).describe('Template name as approved on the channel.'),
    language: languageSchema.optional().describe("Template language; defaults to the worker's language."),
    variables: z
      .array(z.string())
      .default([])
      .describe('Values of {{1}}, {{2}}, ... in order; may use flow variables such as "{{first_name}}".'),
  })
  .describe('WhatsApp template to start a conversation when the 24-hour window is closed.');

/** Pacing: when to send a touchpoint, relative to the moment the previous one finished. */
export const waitSchema = z
  .union([
    z.strictObject({ duration: durationSchema.describe('Wait this long.') }),
    z.strictObject({
      until: timeOfDaySchema.describe('Wait until the next occurrence of this local time.'),
      weekday: weekdaySchema.optional().describe('Only on this weekday.'),
    }),
    z.strictObject({
      day: z.number().int().min(1).describe('Day of the enrollment: day 1 is the enrollment date.'),
      at: timeOfDaySchema.describe('Local time on that day.'),
    }),
  ])
  .describe('Pacing before this touchpoint is sent: a duration, a local time (and weekday), or "day N at HH:MM".');

const comparisonSchema = z
  .strictObject({
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    eq: z.number().optional(),
  })
  .describe('Numeric comparison; every given bound must hold.');

/** One branch condition; several keys in one object must all hold. */
export type Condition = {
  answer?: string | string[];
  correct?: boolean;
  unrecognized?: boolean;
  score?: z.infer<typeof comparisonSchema>;
  firstTry?: boolean;
  wellbeing?: z.infer<typeof comparisonSchema>;
  attribute?: { name: string; equals?: string | number | boolean | null; in?: Array<string | number | boolean> };
  segment?: string;
  variant?: { experiment: string; is: string };
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
};

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      answer: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .describe('The chosen option id (or one of them).'),
      correct: z.boolean().optional().describe('The quiz answer was correct (true) or wrong (false).'),
      unrecognized: z.boolean().optional().describe('The answer was not understood after the last attempt.'),
      score: comparisonSchema.optional().describe('Quiz points so far in this journey.'),
      firstTry: z
        .boolean()
        .optional()
        .describe('Every quiz so far was answered right at the first try (true), or one was missed, answered wrong first or skipped (false).'),
      wellbeing: comparisonSchema.optional().describe('The well-being answer (1-5).'),
      attribute: z
        .strictObject({
          name: z.string().min(1),
          equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
          in: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
        })
        .optional()
        .describe('A worker attribute equals a value (or is one of several).'),
      segment: z.string().min(1).optional().describe('The worker belongs to this segment (by name).'),
      variant: z
        .strictObject({ experiment: z.string().min(1), is: z.string().min(1) })
        .optional()
        .describe('The worker is in this variant of a running journey-level experiment (its key; see README "Running an experiment"). Workers outside the experiment match no variant.'),
      all: z.array(conditionSchema).optional(),
      any: z.array(conditionSchema).optional(),
      not: conditionSchema.optional(),
    })
    .describe('Condition; all given keys must hold.'),
);

/** Where a rule goes: exactly one of goto (touchpoint), phase, or end. */
export const ruleSchema = z
  .strictObject({
    if: conditionSchema.optional().describe('When absent the rule always applies.'),
    goto: keySchema.optional().describe('Key of a touchpoint to go to.'),
    phase: keySchema.optional().describe('Key of a phase to go to (its first touchpoint).'),
    end: z.literal(true).optional().describe('End the journey.'),
  })
  .describe('Branch taken after the touchpoint when its condition holds; the first matching rule wins.');

export const optionSchema = z.strictObject({
  id: keySchema.describe('Option id; also the interactive reply id.'),
  text: localizedTextSchema,
  correct: z.boolean().optional().describe('Quiz: this option is a correct answer.'),
});

export const answersSchema = z
  .strictObject({
    hint: localizedTextSchema.optional().describe('Sent when an answer is not understood.'),
    maxAttempts: z.number().int().min(1).max(10).default(3).describe('Answers tried before giving up (count).'),
  })
  .describe('How unrecognized answers are re-asked.');

export const reminderSchema = z
  .strictObject({
    after: durationSchema.describe('Time without an answer before each reminder.'),
    count: z.number().int().min(1).max(5).default(1).describe('At most this many reminders.'),
    text: localizedTextSchema,
    template: templateSchema.optional(),
  })
  .describe('Reminders sent while the worker has not answered.');

export const timeoutSchema = z
  .strictObject({
    after: durationSchema.describe('Time without an answer before moving on.'),
    then: z.enum(['skip', 'goto', 'end']).describe('skip: next touchpoint; goto: the `goto` touchpoint; end: end the journey.'),
    goto: keySchema.optional().describe('Touchpoint key when `then: goto`.'),
  })
  .describe('What happens when the worker never answers.');

export const notifySchema = z
  .strictObject({
    to: z.literal('coach').describe('Who is told: the coaches, in the console inbox (and by email and the handoff.requested webhook event).'),
    reason: z.string().trim().min(1).max(300).describe('Why a person must act, shown in the inbox, e.g. "promised a coach call within two working days".'),
  })
  .describe('When this touchpoint is sent, a person must follow up: an inbox item is raised for the coaches.');

/**
 * The key of a content item in the organization's library: `<blueprint>/<touchpoint>` for content
 * written in a flow, or a key of its own such as `hand-washing`.
 */
export const contentKeySchema = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9_-]*(\/[a-z][a-z0-9_-]*)?$/, 'use lower-case letters, digits, "-" or "_" (one "/" allowed), starting with a letter')
  .describe('Key of a content item in the organization\'s library, e.g. "hand-washing" or "safety-training/q1".');

/** What a touchpoint decides beyond its content: pacing and branching. */
const touchpointLogic = {
  key: storedKeySchema,
  wait: waitSchema.optional(),
  rules: z.array(ruleSchema).optional(),
  notify: notifySchema.optional(),
};

/** How an answered touchpoint re-asks, reminds and gives up. */
const answerLogic = {
  answers: answersSchema.optional(),
  reminders: reminderSchema.optional(),
  timeout: timeoutSchema.optional(),
};

const touchpointBase = {
  ...touchpointLogic,
  text: localizedTextSchema.describe('The message (or the caption of a media).'),
  template: templateSchema.optional(),
  content: contentKeySchema
    .optional()
    .describe('Library key this content is stored under (default "<blueprint>/<touchpoint>"); other flows and broadcasts can then use it by this key.'),
};

const answeredBase = { ...touchpointBase, ...answerLogic };

export const mediaSchema = z.strictObject({
  kind: z.enum(['image', 'audio', 'video', 'document']),
  url: z.url().describe('Public URL of the file.'),
});

const contentTouchpoints = [
  z.strictObject({ ...touchpointBase, type: z.literal('text') }),
  z.strictObject({
    ...touchpointBase,
    type: z.literal('media'),
    media: mediaSchema.describe('The file; the touchpoint `text` is its caption.'),
  }),
  z.strictObject({
    ...answeredBase,
    type: z.literal('question'),
    options: z.array(optionSchema).optional().describe('Choices; without them the answer is free text.'),
  }),
  z.strictObject({
    ...answeredBase,
    type: z.literal('quiz'),
    options: z.array(optionSchema).min(2),
    points: z.number().int().min(0).default(1).describe('Points for a correct answer.'),
    feedback: z
      .strictObject({ correct: localizedTextSchema.optional(), incorrect: localizedTextSchema.optional() })
      .optional(),
  }),
  z.strictObject({ ...answeredBase, type: z.literal('reflection') }),
  z.strictObject({
    ...answeredBase,
    type: z.literal('wellbeing'),
    labels: z
      .strictObject({ low: localizedTextSchema, high: localizedTextSchema })
      .optional()
      .describe('Meaning of 1 and of 5.'),
  }),
] as const;

/** A touchpoint with its content written out (as stored, and as compiled). */
export const touchpointSchema = z.discriminatedUnion('type', [...contentTouchpoints]);

/** `type` stays out of a library reference: the library item brings it (flows/schema.json: `not: {}`). */
export const absentTypeSchema = z.literal(undefined).optional();

/** A touchpoint that shows a content item of the organization's library, by its key. */
export const libraryReferenceSchema = z
  .strictObject({
    ...touchpointLogic,
    ...answerLogic,
    type: absentTypeSchema,
    content: contentKeySchema.describe(
      "Key of a content item of the organization's library (GET /v1/content): its type, texts, options and media as stored there (the latest version when the flow is imported). Leave out `type` and `text`.",
    ),
  })
  .describe('A touchpoint showing library content: `content: <key>` with the pacing, rules, answers, reminders and timeout of this flow.');

/** A touchpoint as an author writes it: its content written out, or a library reference. */
export const authoredTouchpointSchema = z.discriminatedUnion('type', [...contentTouchpoints, libraryReferenceSchema]);

function phaseSchemaOf<T extends z.ZodType>(touchpoint: T) {
  return z.strictObject({
    key: storedKeySchema,
    title: localizedTextSchema.describe(`Phase title per language; the default language's, stored as the phase's name, at most ${TITLE_COLUMN} characters.`),
    touchpoints: z.array(touchpoint).min(1),
  });
}
export const phaseSchema = phaseSchemaOf(touchpointSchema);

export const badgeSchema = z
  .strictObject({
    key: storedKeySchema,
    name: localizedTextSchema.optional().describe("Without a name, the badge is referenced from the organization's catalog."),
    description: localizedTextSchema.optional(),
  })
  .describe('A badge defined here (with a name) or referenced by key (without).');

export const awardSchema = z
  .strictObject({
    badge: keySchema.describe('Key of a badge listed under `badges`.'),
    on: z.enum(['phaseCompleted', 'journeyCompleted', 'quizAllCorrect']),
    phase: keySchema
      .optional()
      .describe('phaseCompleted: the phase; quizAllCorrect: limit to the quizzes of this phase.'),
  })
  .describe(
    'When a badge is awarded. phaseCompleted: the phase ran to its end, or a rule moved forward to a later phase or the end (not a timeout). quizAllCorrect: every quiz in scope answered right at the first try, none skipped.',
  );

function flowSchemaOf<T extends z.ZodType>(touchpoint: T) {
  return z
    .strictObject({
      $schema: z.string().optional(),
      blueprint: z.strictObject({
        key: storedKeySchema,
        title: z.string().min(1).max(TITLE_COLUMN),
        purpose: z.string().min(1),
        defaultLanguage: languageSchema,
        languages: z.array(languageSchema).min(1).describe('Every text must exist in each of these languages.'),
        version: z.string().min(1).optional().describe('Author-facing version label, e.g. "1.2".'),
        versionNotes: z.string().optional(),
      }),
      badges: z.array(badgeSchema).default([]),
      awards: z.array(awardSchema).default([]),
      phases: z.array(phaseSchemaOf(touchpoint)).min(1),
    })
    .superRefine(refuseWhatColumnsCannotHold)
    .describe('A journey blueprint: phases of touchpoints, with rules, pacing, reminders and badges.');
}

interface StoredShape {
  blueprint: { key: string; defaultLanguage: string };
  phases: { title: Record<string, string>; touchpoints: unknown[] }[];
}

/** What the columns of a stored version cannot hold beyond each field's own bound: the default language's phase titles, derived content keys. */
function refuseWhatColumnsCannotHold(flow: StoredShape, ctx: z.RefinementCtx): void {
  const blueprintKey = flow.blueprint.key.length;
  // Room for a touchpoint key in `<blueprint>/<touchpoint>`; a blueprint key over its own bound is refused as such.
  const touchpointRoom = blueprintKey <= KEY_COLUMN ? CONTENT_KEY_COLUMN - 1 - blueprintKey : Number.POSITIVE_INFINITY;
  flow.phases.forEach((phase, p) => {
    const name = phase.title[flow.blueprint.defaultLanguage];
    if (name !== undefined && name.length > TITLE_COLUMN) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: TITLE_COLUMN, inclusive: true, input: name, path: ['phases', p, 'title', flow.blueprint.defaultLanguage], message: `is too long: use at most ${TITLE_COLUMN} characters` });
    }
    phase.touchpoints.forEach((touchpoint, t) => {
      const { key, content } = touchpoint as { key?: unknown; content?: unknown };
      if (typeof key !== 'string' || content !== undefined || key.length <= touchpointRoom) return;
      ctx.addIssue({
        code: 'custom',
        path: ['phases', p, 'touchpoints', t, 'key'],
        message: `is too long: use at most ${touchpointRoom} characters, so that its content key "<blueprint>/<touchpoint>" fits ${CONTENT_KEY_COLUMN} (or give it a \`content\` key)`,
      });
    });
  });
}

/** A flow document with every touchpoint's content written out: as stored, compiled and exported. */
export const flowFileSchema = flowSchemaOf(touchpointSchema);
/** A flow file as written: a touchpoint may reference library content by key (resolved on import). */
export const authoredFlowSchema = flowSchemaOf(authoredTouchpointSchema);

/** A validated flow document (defaults applied). */
export type FlowDocument = z.infer<typeof flowFileSchema>;
/** A flow document as written (before defaults). */
export type FlowFileInput = z.input<typeof flowFileSchema>;
/** A flow document as written, library references unresolved. */
export type AuthoredFlowDocument = z.infer<typeof authoredFlowSchema>;
export type AuthoredTouchpoint = z.infer<typeof authoredTouchpointSchema>;
export type LibraryReference = z.infer<typeof libraryReferenceSchema>;
export type Touchpoint = z.infer<typeof touchpointSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type LocalizedText = z.infer<typeof localizedTextSchema>;
export type Wait = z.infer<typeof waitSchema>;
export type Template = z.infer<typeof templateSchema>;
export type FlowOption = z.infer<typeof optionSchema>;
export type Award = z.infer<typeof awardSchema>;
export type Badge = z.infer<typeof badgeSchema>;
