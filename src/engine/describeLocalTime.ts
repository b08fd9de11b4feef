import { systemText } from './systemTexts';

const DAY_MS = 86_400_000;

function localDate(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(value('year'), value('month') - 1, value('day'));
}

/**
 * When an instant falls, for a worker: "today at 15:00", "tomorrow at 09:00", or
 * "on Tuesday, 8 December at 09:00", in their timezone and language.
 */
export function describeLocalTime(at: number, now: number, timeZone: string, language: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const days = Math.round((localDate(at, timeZone) - localDate(now, timeZone)) / DAY_MS);
  if (days <= 0) return systemText(language, 'atTimeToday', { time });
  if (days === 1) return systemText(language, 'atTimeTomorrow', { time });
  const date = new Intl.DateTimeFormat(language, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(at);
  return systemText(language, 'atTimeOn', { date, time });
}
