import { describe, expect, it } from 'vitest';
import { computeWaitDelay } from '../../src/blueprints/computeWaitDelay';

const HOUR = 3_600_000;
const MEXICO = 'America/Mexico_City'; // UTC-6, no DST since 2022
const MADRID = 'Europe/Madrid';

describe('computeWaitDelay', () => {
  it('waits a plain duration', () => {
    expect(computeWaitDelay({ duration: '1d12h' }, 0, 'UTC', 0)).toBe(36 * HOUR);
    expect(computeWaitDelay({ duration: '30m' }, 0, 'UTC', 0)).toBe(HOUR / 2);
  });

  it('waits until the next 09:00 in the worker timezone', () => {
    const now = Date.UTC(2026, 0, 5, 12); // 06:00 in Mexico City
    expect(computeWaitDelay({ until: '09:00' }, now, MEXICO, now)).toBe(3 * HOUR);
    const later = Date.UTC(2026, 0, 5, 16); // 10:00 local: tomorrow 09:00
    expect(computeWaitDelay({ until: '09:00' }, later, MEXICO, later)).toBe(23 * HOUR);
  });

  it('waits until a weekday at a local time', () => {
    const monday = Date.UTC(2026, 0, 5, 16); // Monday 10:00 in Mexico City
    expect(computeWaitDelay({ until: '09:00', weekday: 'monday' }, monday, MEXICO, monday)).toBe(7 * 24 * HOUR - HOUR);
    expect(computeWaitDelay({ until: '09:00', weekday: 'wednesday' }, monday, MEXICO, monday)).toBe(47 * HOUR);
  });

  it('computes "day 3 at 09:00" from the local enrollment date', () => {
    const enrolled = Date.UTC(2026, 0, 6, 4); // Monday 22:00 local (Tuesday in UTC)
    const at = enrolled;
    // Day 1 is Monday (local), so day 3 is Wednesday 09:00 local = 15:00 UTC.
    expect(at + computeWaitDelay({ day: 3, at: '09:00' }, at, MEXICO, enrolled)).toBe(Date.UTC(2026, 0, 7, 15));
  });

  it('does not wait when the day has already passed', () => {
    const enrolled = Date.UTC(2026, 0, 5, 12);
    expect(computeWaitDelay({ day: 1, at: '09:00' }, Date.UTC(2026, 0, 9), MEXICO, enrolled)).toBe(0);
  });

  it('keeps local 09:00 across a daylight saving change', () => {
    const saturday = Date.UTC(2026, 2, 28, 12); // Sat 13:00 CET; clocks go forward on Sunday 29 March
    const target = saturday + computeWaitDelay({ until: '09:00' }, saturday, MADRID, saturday);
    expect(target).toBe(Date.UTC(2026, 2, 29, 7)); // 09:00 CEST
  });
});
