import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/gamification/localPeriods';

describe('localDate', () => {
  it('answers the date of each instant asked, in its own timezone, when instants and timezones alternate', () => {
    const beforeMidnight = Date.parse('2026-03-28T22:30:00Z'); // 23:30 in Berlin (CET)
    const afterMidnight = Date.parse('2026-03-29T00:30:00Z'); // 01:30 in Berlin, the day daylight saving starts
    expect(localDate(beforeMidnight, 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(beforeMidnight, 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(afterMidnight, 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(afterMidnight, 'America/New_York')).toBe('2026-03-28');
    expect(localDate(beforeMidnight, 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(afterMidnight, 'Pacific/Kiritimati')).toBe('2026-03-29');
    expect(localDate(afterMidnight, 'Pacific/Pago_Pago')).toBe('2026-03-28');
  });

  it('refuses an unknown timezone as Intl does', () => {
    expect(() => localDate(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
