import type { EntityManager } from '@mikro-orm/postgresql';
import { describeRuleIssue } from './describeRuleIssue';
import { checkSegmentRule } from './manageSegments';
import { measureRuleDepth } from './measureRuleDepth';
import { RULE_LIMITS, segmentRuleSchema, type SegmentRule } from './segmentRuleSchema';

/** A rule as given (JSON), checked: the rule (null: a static segment), or the refusal naming the field. */
export type RuleInput = { ok: true; rule: SegmentRule | null } | { ok: false; field: string; message: string };

/**
 * Checks a rule given by a caller (the API's body, the console's form): its depth, its shape
 * (naming the closest condition's field, e.g. `rule.all.1.op`), its size and the programs it
 * names. Absent or null is a static segment.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function readRuleInput(em: EntityManager, raw: unknown): Promise<RuleInput> {
  if (raw === null || raw === undefined) return { ok: true, rule: null };
  if (measureRuleDepth(raw, RULE_LIMITS.depth) > RULE_LIMITS.depth) {
    return { ok: false, field: 'rule', message: `rule: a rule may nest at most ${RULE_LIMITS.depth} levels of all, any and not` };
  }
  const parsed = segmentRuleSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, ...describeRuleIssue(parsed.error, 'rule') };
  const wrong = await checkSegmentRule(em, parsed.data);
  return wrong ? { ok: false, field: 'rule', message: wrong } : { ok: true, rule: parsed.data };
}
