import { LARGEST_DAILY_CAP, MOST_KEPT_POINTS } from './authoredRulesSchema';
import type { GamificationRules } from './rulesSchema';

/**
 * A stored rules version with the values uploads now refuse (authoredRulesSchema) brought within
 * the same bounds, so that a version stored before that check keeps every step recording its
 * points instead of failing them; `clamped` names what was changed (empty: nothing).
 */
export function clampStoredRules(rules: GamificationRules): { rules: GamificationRules; clamped: string[] } {
  const clamped: string[] = [];
  const keptPoints = Math.min(rules.streak.keptPoints, MOST_KEPT_POINTS);
  if (keptPoints !== rules.streak.keptPoints) clamped.push(`streak.keptPoints ${rules.streak.keptPoints} read as ${keptPoints}`);
  const dailyCap = rules.dailyCap === undefined ? undefined : Math.min(rules.dailyCap, LARGEST_DAILY_CAP);
  if (dailyCap !== rules.dailyCap) clamped.push(`dailyCap ${rules.dailyCap} read as ${dailyCap}`);
  return { rules: clamped.length === 0 ? rules : { ...rules, dailyCap, streak: { ...rules.streak, keptPoints } }, clamped };
}
