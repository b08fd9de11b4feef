import { computeStreak } from './computeStreak';
import type { LedgerDetail } from './ledgerEntry';
import { activityKinds } from './activityKinds';
import type { BadgeRule, BadgeTier, GamificationRules } from './rulesSchema';

/** A past ledger event, as the backtest replays it. */
export interface PastEvent {
  kind: string;
  detail: LedgerDetail;
  /** Epoch ms. */
  at: number;
}

const tiers: BadgeTier[] = ['bronze', 'silver', 'gold'];

function reachedTiers(badge: BadgeRule, thresholds: Partial<Record<BadgeTier, number>>, value: number): string[] {
  return tiers.filter((tier) => thresholds[tier] !== undefined && value >= thresholds[tier]).map((tier) => `${badge.key}:${tier}`);
}

/**
 * The badges (`key`, or `key:tier` for tiered ones) a worker's events earn under rules (pure).
 * `points` is their point total under the same rules. A phase's "all right at the first try"
 * reads the first answers recorded in that phase: at least one, every one right.
 */
export function evaluateBadges(rules: GamificationRules, events: readonly PastEvent[], points: number, timezone: string, now: number): string[] {
  const count = (kind: string) => events.filter((e) => e.kind === kind).length;
  const earned: string[] = [];
  for (const badge of rules.badges) {
    const condition = badge.condition;
    switch (condition.when) {
      case 'firstEvent':
        if (count(condition.event) > 0) earned.push(badge.key);
        break;
      case 'count':
        earned.push(...reachedTiers(badge, condition.tiers, count(condition.event)));
        break;
      case 'points':
        earned.push(...reachedTiers(badge, condition.tiers, points));
        break;
      case 'streak': {
        const activity = events.filter((e) => activityKinds.includes(e.kind)).map((e) => e.at);
        earned.push(...reachedTiers(badge, condition.tiers, computeStreak(activity, timezone, rules.streak, now).longest));
        break;
      }
      case 'phaseAllCorrectFirstTry': {
        const first = events.filter((e) => e.kind === 'quizAnswered' && e.detail.phase === condition.phase && e.detail.firstTry);
        if (first.length > 0 && first.every((e) => e.detail.correct)) earned.push(badge.key);
        break;
      }
      case 'journeyCompleted':
        if (events.some((e) => e.kind === 'journeyCompleted' && (!condition.journey || e.detail.journey === condition.journey))) earned.push(badge.key);
        break;
    }
  }
  return earned;
}
