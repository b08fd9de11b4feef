import type { Wait } from './flowSchema';
import { boundedDurationMs, MAX_WAIT_DAYS } from './storableBounds';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock parts of an instant in a timezone (Intl, no extra library). */
function localParts(at: number, timezone: string): LocalParts {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday.toLowerCase()),
  };
}

/** The instant (epoch ms) when the wall clock in `timezone` shows this local date and time. */
function instantOfLocal(year: number, month: number, day: number, hhmm: string, timezone: string): number {
  const [hour, minute] = hhmm.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  // Two passes settle the UTC offset, also across a DST change.
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timezone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += wall - shown;
  }
  return guess;
}

function addDays(p: LocalParts, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Milliseconds to wait from `now` for a pacing rule. Never reads the clock. A duration or day
 * beyond MAX_WAIT_DAYS (a version stored before uploads refused them) waits MAX_WAIT_DAYS.
 *
 * @param now instant the wait starts, epoch ms (the triggering event's `at`)
 * @param timezone IANA timezone of the worker
 * @param enrolledAt enrollment instant, epoch ms ("day 1" is its local date)
 */
export function computeWaitDelay(wait: Wait, now: number, timezone: string, enrolledAt: number): number {
  if ('duration' in wait) return boundedDurationMs(wait.duration);
  const local = localParts(now, timezone);
  if ('day' in wait) {
    const date = addDays(localParts(enrolledAt, timezone), Math.min(wait.day, MAX_WAIT_DAYS) - 1);
    return Math.max(0, instantOfLocal(date.year, date.month, date.day, wait.at, timezone) - now);
  }
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(local, offset);
    const weekday = (local.weekday + offset) % 7;
    if (wait.weekday && WEEKDAYS[weekday] !== wait.weekday) continue;
    const target = instantOfLocal(date.year, date.month, date.day, wait.until, timezone);
    if (target > now) return target - now;
  }
  return 7 * DAY_MS;
}
