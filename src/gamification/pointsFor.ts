import type { LedgerDetail } from './ledgerEntry';
import type { GamificationRules, LedgerEventKind, PointRule } from './rulesSchema';

function matches(rule: PointRule, kind: LedgerEventKind, detail: LedgerDetail): boolean {
  if (rule.on !== kind) return false;
  if (rule.contentType && !rule.contentType.includes(detail.contentType as never)) return false;
  if (rule.minScore !== undefined && (detail.score ?? 0) < rule.minScore) return false;
  if (rule.correctOnly && detail.correct !== true) return false;
  if (rule.firstTryOnly && detail.firstTry !== true) return false;
  return true;
}

/** The points an event earns: those of the first rule it matches, else none. Daily caps are applied when written. */
export function pointsFor(rules: GamificationRules, kind: LedgerEventKind, detail: LedgerDetail): number {
  return rules.points.find((rule) => matches(rule, kind, detail))?.points ?? 0;
}
