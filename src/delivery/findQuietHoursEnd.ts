/** Local quiet hours, "HH:MM" 24-hour strings; start after end wraps past midnight (21:00–07:00). */
export interface QuietHours {
  start: string;
  end: string;
}

function minutesOf(hhmm: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes >= 0 && minutes < 24 * 60 ? minutes : undefined;
}

/** Minutes since local midnight (with fraction) of an instant in a timezone; UTC when the zone is unknown. */
function localMinutes(at: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  } catch {
    return localMinutes(at, 'UTC');
  }
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute') + value('second') / 60 + (at % 1000) / 60_000;
}

/**
 * When quiet hours end, epoch ms, if `at` falls inside them in `timeZone`; undefined when it
 * does not (or the hours are malformed). The end is reached by counting local minutes forward,
 * so a DST change inside the quiet hours shifts it by that hour.
 */
export function findQuietHoursEnd(quiet: QuietHours | undefined, timeZone: string, at: number): number | undefined {
  if (!quiet) return undefined;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return undefined;
  const untilEnd = (end - now + 24 * 60) % (24 * 60);
  return at + Math.round(untilEnd * 60_000);
}
