import { describe, expect, it } from 'vitest';
import { computeStreak, type StreakRules } from '../../src/gamification/computeStreak';

const daily: StreakRules = { period: 'day', freezes: 0, graceHours: 0, keptPoints: 0, announce: false };
const utc = (iso: string) => Date.parse(iso);

describe('streaks', () => {
  it("counts days of the worker's own timezone: one instant is two different days in two zones", () => {
    // 23:30 UTC on the 5th and 6th: in Berlin that is 00:30 on the 6th and 7th, in Mexico City 17:30 on the 5th and 6th.
    const activity = [utc('2026-01-04T12:00:00Z'), utc('2026-01-05T23:30:00Z'), utc('2026-01-06T23:30:00Z')];
    const berlin = computeStreak(activity, 'Europe/Berlin', daily, utc('2026-01-07T08:00:00Z'));
    expect(berlin.periods).toEqual(['2026-01-04', '2026-01-06', '2026-01-07']);
    expect(berlin).toMatchObject({ current: 2, longest: 2, keptThisPeriod: true });
    const mexico = computeStreak(activity, 'America/Mexico_City', daily, utc('2026-01-07T08:00:00Z'));
    expect(mexico.periods).toEqual(['2026-01-04', '2026-01-05', '2026-01-06']);
    expect(mexico).toMatchObject({ current: 3, keptThisPeriod: false });
  });

  it('keeps a streak across the daylight-saving change (Europe/Berlin, 29 March 2026: a 23-hour day)', () => {
    // 23:30 local each evening: 22:30Z in winter time, 21:30Z from the 29th (summer time).
    const activity = [utc('2026-03-27T22:30:00Z'), utc('2026-03-28T22:30:00Z'), utc('2026-03-29T21:30:00Z'), utc('2026-03-30T21:30:00Z')];
    const streak = computeStreak(activity, 'Europe/Berlin', daily, utc('2026-03-30T21:45:00Z'));
    expect(streak.periods).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    expect(streak).toMatchObject({ current: 4, keptThisPeriod: true });
    // 00:30 local right after the change is still the 30th, one day on: no missed day is invented.
    const early = computeStreak([utc('2026-03-28T23:30:00Z'), utc('2026-03-29T22:30:00Z')], 'Europe/Berlin', daily, utc('2026-03-30T06:00:00Z'));
    expect(early.periods).toEqual(['2026-03-29', '2026-03-30']);
    expect(early.current).toBe(2);
  });

  it('bridges a missed day with a freeze, and ends the streak when the freezes run out', () => {
    const oneFreeze: StreakRules = { ...daily, freezes: 1 };
    const days = (...dates: string[]) => dates.map((d) => utc(`${d}T12:00:00Z`));
    const bridged = computeStreak(days('2026-02-01', '2026-02-02', '2026-02-04', '2026-02-05'), 'UTC', oneFreeze, utc('2026-02-05T18:00:00Z'));
    expect(bridged).toMatchObject({ current: 4, freezesLeft: 0 });
    const broken = computeStreak(days('2026-02-01', '2026-02-02', '2026-02-04', '2026-02-06'), 'UTC', oneFreeze, utc('2026-02-06T18:00:00Z'));
    expect(broken).toMatchObject({ current: 1, longest: 3 });
    // Today is not missed yet; yesterday is, and the freeze covers it.
    expect(computeStreak(days('2026-02-01', '2026-02-02'), 'UTC', oneFreeze, utc('2026-02-04T09:00:00Z'))).toMatchObject({ current: 2, freezesLeft: 0, keptThisPeriod: false });
    expect(computeStreak(days('2026-02-01', '2026-02-02'), 'UTC', daily, utc('2026-02-04T09:00:00Z')).current).toBe(0);
  });

  it("counts a late shift's answer within the grace period for the day it belongs to", () => {
    const grace: StreakRules = { ...daily, graceHours: 4 };
    // Active on the 10th, then at 02:00 on the 12th (nothing on the 11th), then on the 12th's evening.
    const activity = [utc('2026-02-10T20:00:00Z'), utc('2026-02-12T02:00:00Z'), utc('2026-02-12T20:00:00Z')];
    expect(computeStreak(activity, 'UTC', grace, utc('2026-02-12T21:00:00Z'))).toMatchObject({ current: 3, periods: ['2026-02-10', '2026-02-11', '2026-02-12'] });
    expect(computeStreak(activity, 'UTC', daily, utc('2026-02-12T21:00:00Z')).current).toBe(1);
  });

  it('counts ISO weeks when the period is a week', () => {
    const weekly: StreakRules = { ...daily, period: 'week' };
    // Sunday 4 Jan and Monday 5 Jan are in two weeks; then Wednesday 14 Jan.
    const activity = [utc('2026-01-04T10:00:00Z'), utc('2026-01-05T10:00:00Z'), utc('2026-01-14T10:00:00Z')];
    const streak = computeStreak(activity, 'America/Sao_Paulo', weekly, utc('2026-01-15T10:00:00Z'));
    expect(streak.periods).toEqual(['2025-12-29', '2026-01-05', '2026-01-12']);
    expect(streak).toMatchObject({ current: 3, keptThisPeriod: true });
  });
});
