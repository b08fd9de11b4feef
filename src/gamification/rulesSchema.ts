import { z } from 'zod';

/** What earns points and badges: the events the ledger records. */
export const ledgerEventKinds = [
  'touchpointCompleted',
  'quizAnswered',
  'reflectionWritten',
  'wellbeingAnswered',
  'journeyCompleted',
  'badgeAwarded',
  'streakKept',
  'challengeWon',
] as const;
export type LedgerEventKind = (typeof ledgerEventKinds)[number];

const contentTypes = ['text', 'media', 'question', 'quiz', 'reflection', 'wellbeing'] as const;

const pointRuleSchema = z
  .strictObject({
    on: z.enum(ledgerEventKinds).describe('The event that earns the points.'),
    points: z.number().int().min(0).max(10_000).describe('Points per matching event.'),
    contentType: z.array(z.enum(contentTypes)).min(1).optional().describe('Only touchpoints of these content types.'),
    minScore: z.number().min(0).optional().describe('Only quiz answers scoring at least this (the quiz points of the answer).'),
    correctOnly: z.boolean().optional().describe('Only right quiz answers.'),
    firstTryOnly: z.boolean().optional().describe('Only the first answer to a quiz.'),
  })
  .describe('Points for every event matching the filters; the first matching rule of an event counts.');
export type PointRule = z.infer<typeof pointRuleSchema>;

const tierSchema = z.enum(['bronze', 'silver', 'gold']);
export type BadgeTier = z.infer<typeof tierSchema>;

const thresholdsSchema = z
  .strictObject({ bronze: z.number().int().min(1), silver: z.number().int().min(1).optional(), gold: z.number().int().min(1).optional() })
  .refine((t) => (t.silver ?? Infinity) > t.bronze && (t.gold ?? Infinity) > (t.silver ?? t.bronze), {
    message: 'tiers must grow: bronze < silver < gold',
  })
  .describe('The threshold of each tier (bronze required).');

const badgeConditionSchema = z.discriminatedUnion('when', [
  z.strictObject({ when: z.literal('firstEvent'), event: z.enum(ledgerEventKinds) }).describe('The first event of a kind.'),
  z.strictObject({ when: z.literal('count'), event: z.enum(ledgerEventKinds), tiers: thresholdsSchema }).describe('This many events of a kind.'),
  z.strictObject({ when: z.literal('points'), tiers: thresholdsSchema }).describe('This many points in all.'),
  z.strictObject({ when: z.literal('streak'), tiers: thresholdsSchema }).describe('A streak of this many periods.'),
  z
    .strictObject({ when: z.literal('phaseAllCorrectFirstTry'), phase: z.string().min(1) })
    .describe('Every quiz of the phase answered right at the first try (a flow `quizAllCorrect` award).'),
  z.strictObject({ when: z.literal('journeyCompleted'), journey: z.string().min(1).optional() }).describe('A journey finished (a flow `journeyCompleted` award).'),
]);
export type BadgeCondition = z.infer<typeof badgeConditionSchema>;

const badgeRuleSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes').max(80),
    name: z.record(z.string(), z.string().min(1).max(100)).describe('Name per language code (en, es, …).'),
    condition: badgeConditionSchema,
  })
  .describe('A badge and when it is earned; tiered conditions award bronze, silver and gold.');
export type BadgeRule = z.infer<typeof badgeRuleSchema>;

/** The rules file of an organization (YAML or JSON), stored as numbered versions. */
export const gamificationRulesSchema = z
  .strictObject({
    points: z.array(pointRuleSchema).default([]),
    dailyCap: z.number().int().min(1).optional().describe("Most points a worker earns in one local day (events beyond it are recorded with 0 points)."),
    badges: z.array(badgeRuleSchema).default([]),
    streak: z
      .strictObject({
        period: z.enum(['day', 'week']).default('day').describe("A period of the worker's own timezone."),
        freezes: z.number().int().min(0).max(10).default(1).describe('Missed periods a streak survives (each used once).'),
        graceHours: z.number().int().min(0).max(12).default(4).describe('Activity this long after a period ends still counts for it (late shifts).'),
        keptPoints: z.number().int().min(0).default(0).describe('Points for each period the streak is kept.'),
        announce: z.boolean().default(false).describe('Tell the worker when a step keeps their streak (off by default: journeys read as their authors wrote them).'),
      })
      .prefault({}),
    ownRank: z
      .strictObject({
        among: z.string().regex(/^[\w-]{1,50}$/).optional().describe('Rank among workers sharing this attribute (e.g. `site`); the whole organization when absent.'),
      })
      .optional()
      .describe('Workers may ask their own place on this week\'s board (RANK); never a list of names. Absent: not allowed.'),
  })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.badges.forEach((badge, index) => {
      if (seen.has(badge.key)) ctx.addIssue({ code: 'custom', path: ['badges', index, 'key'], message: `badge '${badge.key}' is defined twice` });
      seen.add(badge.key);
    });
  })
  .describe('Gamification rules: points per event, a daily cap, badges and streaks.');
export type GamificationRules = z.infer<typeof gamificationRulesSchema>;

/** The rules of an organization that has written none: points for steps and right answers, a daily streak. */
export const defaultRules: GamificationRules = gamificationRulesSchema.parse({
  points: [
    { on: 'quizAnswered', points: 10, correctOnly: true, firstTryOnly: true },
    { on: 'quizAnswered', points: 5, correctOnly: true },
    { on: 'touchpointCompleted', points: 1 },
    { on: 'reflectionWritten', points: 5 },
    { on: 'wellbeingAnswered', points: 2 },
    { on: 'journeyCompleted', points: 20 },
  ],
  dailyCap: 200,
});
