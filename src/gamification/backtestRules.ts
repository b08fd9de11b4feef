import { evaluateBadges, type PastEvent } from './evaluateBadges';
import { localDate } from './localPeriods';
import { pointsFor } from './pointsFor';
import { ledgerEventKinds, type GamificationRules, type LedgerEventKind } from './rulesSchema';

/** One worker's past, as the backtest replays it. */
export interface WorkerHistory {
  workerId: string;
  timezone: string;
  events: PastEvent[];
}

/** What switching rules would change for one worker. */
export interface WorkerBacktest {
  workerId: string;
  pointsBefore: number;
  pointsAfter: number;
  gains: string[];
  losses: string[];
}

export interface Backtest {
  workers: number;
  /** Points all workers together would gain (positive) or lose (negative). */
  pointsMoved: number;
  /** Only the workers something changes for. */
  changed: WorkerBacktest[];
}

const isRuleEvent = (kind: string): kind is LedgerEventKind => (ledgerEventKinds as readonly string[]).includes(kind);

/** A worker's points under rules: each event's points, trimmed by the daily cap of their local day. */
function pointsUnder(rules: GamificationRules, history: WorkerHistory): number {
  const perDay = new Map<string, number>();
  let total = 0;
  for (const event of history.events) {
    if (!isRuleEvent(event.kind)) continue;
    const day = localDate(event.at, history.timezone);
    const earned = perDay.get(day) ?? 0;
    const points = Math.max(0, Math.min(pointsFor(rules, event.kind, event.detail), (rules.dailyCap ?? Infinity) - earned));
    perDay.set(day, earned + points);
    total += points;
  }
  return total;
}

/**
 * Replays past ledger events (oldest first per worker) under the active and a candidate rules
 * version (pure): who would gain or lose which badge, and how many points would move.
 */
export function backtestRules(active: GamificationRules, candidate: GamificationRules, histories: readonly WorkerHistory[], now: number): Backtest {
  const changed: WorkerBacktest[] = [];
  let pointsMoved = 0;
  for (const history of histories) {
    const pointsBefore = pointsUnder(active, history);
    const pointsAfter = pointsUnder(candidate, history);
    const before = new Set(evaluateBadges(active, history.events, pointsBefore, history.timezone, now));
    const after = new Set(evaluateBadges(candidate, history.events, pointsAfter, history.timezone, now));
    const gains = [...after].filter((badge) => !before.has(badge));
    const losses = [...before].filter((badge) => !after.has(badge));
    pointsMoved += pointsAfter - pointsBefore;
    if (gains.length > 0 || losses.length > 0 || pointsAfter !== pointsBefore) changed.push({ workerId: history.workerId, pointsBefore, pointsAfter, gains, losses });
  }
  return { workers: histories.length, pointsMoved, changed };
}
