import { daysBetween, localDate, weekStart } from './localPeriods';
import type { GamificationRules } from './rulesSchema';

export type StreakRules = GamificationRules['streak'];

/** A worker's streak as of an instant. */
export interface Streak {
  /** Active periods in the streak still alive (frozen periods do not count). */
  current: number;
  longest: number;
  /** Freezes the current streak may still use. */
  freezesLeft: number;
  /** Whether the current period already counts. */
  keptThisPeriod: boolean;
  /** First date of each active period, oldest first. */
  periods: string[];
}

const HOUR_MS = 3_600_000;

function periodOf(at: number, timezone: string, period: StreakRules['period']): string {
  const date = localDate(at, timezone);
  return period === 'week' ? weekStart(date) : date;
}

/** Periods from one period start to another: calendar days or weeks, never hours (DST-safe). */
function periodsBetween(from: string, to: string, period: StreakRules['period']): number {
  const days = daysBetween(from, to);
  return period === 'week' ? Math.round(days / 7) : days;
}

/**
 * Counts a streak from the instants a worker was active (pure). A period is a calendar day (or
 * ISO week) in the worker's timezone, so a 23- or 25-hour day is still one day. Activity within
 * `graceHours` after a period ended counts for that period when it had none (a late shift's
 * answer at 01:00). Up to `freezes` missed periods are bridged per streak; more end it.
 */
export function computeStreak(activity: readonly number[], timezone: string, rules: StreakRules, now: number): Streak {
  const direct = new Set(activity.map((at) => periodOf(at, timezone, rules.period)));
  const active = new Set<string>();
  for (const at of activity) {
    const own = periodOf(at, timezone, rules.period);
    const graced = periodOf(at - rules.graceHours * HOUR_MS, timezone, rules.period);
    active.add(graced !== own && !direct.has(graced) ? graced : own);
  }
  const periods = [...active].sort();
  let current = 0;
  let longest = 0;
  let freezesLeft = rules.freezes;
  periods.forEach((period, index) => {
    const missed = index === 0 ? Infinity : periodsBetween(periods[index - 1], period, rules.period) - 1;
    if (missed > freezesLeft) {
      current = 0;
      freezesLeft = rules.freezes;
    } else freezesLeft -= missed;
    current++;
    longest = Math.max(longest, current);
  });
  const thisPeriod = periodOf(now, timezone, rules.period);
  const last = periods.at(-1);
  if (last === undefined) return { current: 0, longest: 0, freezesLeft: rules.freezes, keptThisPeriod: false, periods };
  const keptThisPeriod = last === thisPeriod;
  // The period now running is not missed yet: only the ones between the last active one and it are.
  const missedSince = keptThisPeriod ? 0 : periodsBetween(last, thisPeriod, rules.period) - 1;
  if (missedSince > freezesLeft) return { current: 0, longest, freezesLeft: rules.freezes, keptThisPeriod: false, periods };
  return { current, longest, freezesLeft: freezesLeft - missedSince, keptThisPeriod, periods };
}

