const formats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the coach's timezone, e.g. "5 Jan 2026, 10:00 EAT". */
export function formatTime(value: Date | string | number | null | undefined, timeZone: string): string {
  if (value === null || value === undefined) return '';
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    formats.set(timeZone, format);
  }
  return format.format(new Date(value));
}
