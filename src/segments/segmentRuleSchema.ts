import { z } from 'zod';

/** Worker columns a rule may compare as text. */
export const textFields = ['language', 'timezone', 'status'] as const;
/** Worker columns a rule may compare as numbers: well-being (1–5) and performance (0–100 %). */
export const numberFields = ['wellBeingScore', 'performanceMetric'] as const;

const attributeKey = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an attribute name is 1–64 letters, digits, _ . or -');
const scalar = z.union([z.string().max(255), z.number().finite(), z.boolean()]);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'give at least one value').max(500);

const textCondition = z.union([
  z.strictObject({ field: z.enum(textFields), op: z.enum(['eq', 'neq']), value: z.string().max(255) }),
  z.strictObject({ field: z.enum(textFields), op: z.enum(['in', 'notIn']), value: list(z.string().max(255)) }),
]);
const numberCondition = z.union([
  z.strictObject({ field: z.enum(numberFields), op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte']), value: z.number().finite() }),
  z.strictObject({ field: z.enum(numberFields), op: z.literal('between'), value: z.tuple([z.number().finite(), z.number().finite()]) }),
]);
const attributeCondition = z.union([
  z.strictObject({ attribute: attributeKey, op: z.enum(['eq', 'neq']), value: scalar }),
  z.strictObject({ attribute: attributeKey, op: z.enum(['in', 'notIn']), value: list(scalar) }),
  z.strictObject({ attribute: attributeKey, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number().finite() }),
  z.strictObject({ attribute: attributeKey, op: z.enum(['exists', 'missing']) }),
]);
const programCondition = z.strictObject({
  program: z.uuid(),
  /** Their assignment in that program: active, completed, any (enrolled at all) or none (never enrolled). */
  status: z.enum(['active', 'completed', 'any', 'none']),
});

export type TextCondition = z.infer<typeof textCondition>;
export type NumberCondition = z.infer<typeof numberCondition>;
export type AttributeCondition = z.infer<typeof attributeCondition>;
export type ProgramCondition = z.infer<typeof programCondition>;
export type SegmentCondition = TextCondition | NumberCondition | AttributeCondition | ProgramCondition;

/**
 * A segment rule: a condition, or `all` (AND), `any` (OR), `not` of rules.
 * Comparisons with a missing value are false; `neq` and `notIn` are the negation of `eq` and `in`
 * (so a worker with no language is "language neq es").
 */
export type SegmentRule = SegmentCondition | { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule };

export const segmentRuleSchema: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    textCondition,
    numberCondition,
    attributeCondition,
    programCondition,
    z.strictObject({ all: z.array(segmentRuleSchema).min(1).max(50) }),
    z.strictObject({ any: z.array(segmentRuleSchema).min(1).max(50) }),
    z.strictObject({ not: segmentRuleSchema }),
  ]),
);

/** How many conditions and levels a rule may have (keeps the SQL small). */
export const RULE_LIMITS = { conditions: 100, depth: 8 } as const;

/** Counts conditions and depth; undefined when within RULE_LIMITS, else what is wrong. */
export function checkRuleSize(rule: SegmentRule): string | undefined {
  let conditions = 0;
  let deepest = 0;
  const walk = (node: SegmentRule, depth: number) => {
    deepest = Math.max(deepest, depth);
    if ('all' in node) node.all.forEach((child) => walk(child, depth + 1));
    else if ('any' in node) node.any.forEach((child) => walk(child, depth + 1));
    else if ('not' in node) walk(node.not, depth + 1);
    else conditions++;
  };
  walk(rule, 1);
  if (conditions > RULE_LIMITS.conditions) return `a rule may have at most ${RULE_LIMITS.conditions} conditions (this one has ${conditions})`;
  if (deepest > RULE_LIMITS.depth) return `a rule may nest at most ${RULE_LIMITS.depth} levels (this one has ${deepest})`;
  return undefined;
}
