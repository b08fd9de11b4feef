import { describe, expect, it } from 'vitest';
import { loadProgramAnalytics, type ProgramAnalytics } from '../../src/analytics/loadProgramAnalytics';
import type { AnalyticsFilters } from '../../src/analytics/analyticsFilters';
import { ensureFreshFacts } from '../../src/analytics/ensureFreshFacts';
import { loadRolledUpTotals, splitOf } from '../../src/analytics/loadRolledUpTotals';
import { countCohort } from '../../src/analytics/loadTouchpointFigures';
import { loadProgramTotals } from '../../src/analytics/programTotals';
import { refreshTouchpointFacts } from '../../src/analytics/refreshTouchpointFacts';
import { rollUpCombination } from '../../src/analytics/rollUpCombination';
import { findWorkers, workerFilterSchema } from '../../src/web/workers/findWorkers';
import { useEngineWorld } from '../support/useEngineWorld';
import { seedAnalyticsProgram } from './seedAnalyticsProgram';

const world = useEngineWorld({ flow: 'onboarding' });
let seeded: Awaited<ReturnType<typeof seedAnalyticsProgram>> | undefined;

async function figures(filters: AnalyticsFilters = {}): Promise<ProgramAnalytics> {
  seeded ??= await seedAnalyticsProgram(world());
  return loadProgramAnalytics(world().em(), world().program.id, filters, new Date(world().clock.now()));
}
const row = (analytics: ProgramAnalytics, touchpoint: string) => {
  const found = analytics.touchpoints.find((t) => t.touchpoint === touchpoint);
  if (!found) throw new Error(`no touchpoint ${touchpoint}`);
  return found;
};
const noMessages = { sent: 0, delivered: 0, read: 0, failed: 0, queued: 0, heldQuietHours: 0, heldWindowClosed: 0, heldOther: 0 };

describe("a program's figures, against the seeded four workers (see seedAnalyticsProgram)", () => {
  it('counts a touchpoint reached and done only when its message was sent, out of the 4 enrolled', async () => {
    const all = await figures();
    expect([all.enrolled, all.completed]).toEqual([4, 1]);
    expect(all.touchpoints.map((t) => [t.touchpoint, t.reached, t.completed])).toEqual([
      ['hello', 4, 4], ['video', 4, 4],
      ['q-schedule', 3, 3], // Dee's question is held by quiet hours
      ['q-sick', 3, 3],
      ['first-day', 2, 1], // Ben's is held (window closed); Cai has not answered
      ['thanks', 1, 1],
    ]);
    expect(all.refreshedAt).not.toBeNull();
  });

  it('gives each question its text and options in the organization language, answers first try and eventually, attempts and time to answer', async () => {
    const schedule = row(await figures(), 'q-schedule');
    expect(schedule.text).toBe('¿Dónde encuentras tu horario de turnos?');
    expect(schedule.options).toEqual([
      { id: 'app', text: 'App del equipo', firstTry: 1, eventual: 1, share: 0.5 },
      { id: 'board', text: 'Tablero del comedor', firstTry: 1, eventual: 1, share: 0.5 },
      { id: 'ask', text: 'Pregunto a un colega', firstTry: 0, eventual: 0, share: 0 },
    ]);
    // Cai's two answers nobody understood used up the two attempts: missed, not left out.
    expect(schedule).toMatchObject({ answered: 2, firstTryCorrect: 1, eventuallyCorrect: 1, missed: 2, attemptsAverage: 1.33, attemptsMax: 2, medianSecondsToAnswer: 3600 });
    const sick = row(await figures(), 'q-sick');
    expect(sick).toMatchObject({ answered: 3, firstTryCorrect: 2, eventuallyCorrect: 2, missed: 1, attemptsAverage: 1, attemptsMax: 1, medianSecondsToAnswer: 3600 });
    expect(sick.options.map((o) => [o.text, o.eventual])).toEqual([['Llamo al supervisor', 2], ['Voy igual', 1]]);
    expect(row(await figures(), 'first-day')).toMatchObject({ answered: 1, attemptsMax: 1, medianSecondsToAnswer: 7200, options: [] });
  });

  it('shows where workers stop and since when', async () => {
    const all = await figures();
    expect(all.touchpoints.map((t) => [t.touchpoint, t.stoppedHere, t.stoppedForMedianSeconds])).toEqual([
      ['hello', 0, null], ['video', 0, null],
      ['q-schedule', 1, 28 * 3600], // Dee, since her question was queued 28 hours ago
      ['q-sick', 0, null],
      ['first-day', 2, 2 * 3600], // Ben and Cai, asked 2 hours ago
      ['thanks', 0, null], // Ada finished: not stopped
    ]);
  });

  it('counts every message of a touchpoint by where it stands, and by channel', async () => {
    const all = await figures();
    expect(row(all, 'q-schedule').messages).toEqual({ ...noMessages, sent: 7, delivered: 7, read: 7, heldQuietHours: 1 });
    expect(row(all, 'q-sick').messages).toEqual({ ...noMessages, sent: 5, delivered: 5, read: 4, failed: 1 });
    expect(row(all, 'first-day').messages).toEqual({ ...noMessages, sent: 2, delivered: 2, read: 2, heldWindowClosed: 1 });
    expect(all.delivery.filter((d) => d.touchpoint === 'q-sick')).toEqual([
      { blueprint: 'onboarding', touchpoint: 'q-sick', channelKind: 'console', ...noMessages, sent: 5, delivered: 5, read: 4, failed: 1 },
    ]);
  });

  it('splits by segment, by a worker attribute and by date', async () => {
    const day = await figures({ segmentId: seeded!.segmentId });
    expect([day.enrolled, day.completed]).toEqual([2, 1]);
    expect(row(day, 'q-schedule')).toMatchObject({ reached: 2, answered: 2, firstTryCorrect: 1, missed: 1 });

    const south = await figures({ attribute: 'site', value: 'south' });
    expect([south.enrolled, south.completed]).toEqual([2, 0]);
    expect(row(south, 'q-schedule')).toMatchObject({ reached: 1, answered: 0, missed: 1, attemptsMax: 2, stoppedHere: 1 });
    expect(row(south, 'q-schedule').messages.heldQuietHours).toBe(1);

    const secondDay = await figures({ from: '2026-01-06', to: '2026-01-06' });
    expect(secondDay.touchpoints.map((t) => [t.touchpoint, t.reached])).toEqual([['hello', 0], ['video', 0], ['q-schedule', 0], ['q-sick', 0], ['first-day', 2], ['thanks', 1]]);
  });
});

/** A segment of Ben (site north) and Cai (site south), across both sites, made after the facts. */
async function benAndCai(name: string): Promise<string> {
  const [segment] = await world().sql<{ id: string }>(`insert into segments (organization_id, name) values (:organization_id, :name) returning id`, { name });
  await world().sql(
    `insert into worker_segment (organization_id, worker_id, segment_id) select :organization_id, id, :segment from workers where organization_id = :organization_id and full_name in ('Ben', 'Cai')`,
    { segment: segment.id },
  );
  return segment.id;
}

describe('the rollups behind filtered views', () => {
  async function expectRolledUpEqualsLive(filters: AnalyticsFilters[]) {
    const now = new Date(world().clock.now());
    const { rolledUp } = await ensureFreshFacts(world().em(), world().program.id, now);
    for (const filter of filters) {
      const split = splitOf(filter, rolledUp!);
      expect(split, JSON.stringify(filter)).not.toBeNull();
      const rolled = await loadRolledUpTotals(world().em(), world().program.id, split!, filter, now);
      const live = await loadProgramTotals(world().em(), world().program.id, filter, now);
      const exact = (f: ProgramAnalytics['touchpoints'][number] | (typeof live.figures)[number]) => ({ ...f, medianSecondsToAnswer: null, stoppedForMedianSeconds: null });
      expect(rolled.figures.map(exact), JSON.stringify(filter)).toEqual(live.figures.map(exact));
      for (const [i, figure] of rolled.figures.entries()) {
        for (const key of ['medianSecondsToAnswer', 'stoppedForMedianSeconds'] as const) {
          const want = live.figures[i][key];
          if (want === null) expect(figure[key]).toBeNull();
          else expect(Math.abs(figure[key]! - want)).toBeLessThanOrEqual(Math.max(want * 0.03, 1800));
        }
      }
      const byOption = (c: { blueprint: string; touchpoint: string; option: string }) => `${c.blueprint}/${c.touchpoint}/${c.option}`;
      expect([...rolled.chosen].sort((a, b) => byOption(a).localeCompare(byOption(b)))).toEqual([...live.chosen].sort((a, b) => byOption(a).localeCompare(byOption(b))));
      expect(rolled.delivery).toEqual(live.delivery);
      expect({ enrolled: rolled.enrolled, completed: rolled.completed, dropped: rolled.dropped }).toEqual(await countCohort(world().em(), world().program.id, filter));
    }
  }

  it('sum to what the facts give live, for a segment, an attribute value, days and everyone on some days; medians within their buckets', async () => {
    await figures();
    await expectRolledUpEqualsLive([
      { segmentId: seeded!.segmentId }, { attribute: 'site', value: 'south' }, { attribute: 'site', value: 'north' },
      { from: '2026-01-06', to: '2026-01-06' }, { from: '2026-01-05' }, { segmentId: seeded!.segmentId, to: '2026-01-05' },
    ]);
    // An attribute no worker of the program has is not rolled up: the facts answer live.
    expect(splitOf({ attribute: 'team', value: 'a' }, (await ensureFreshFacts(world().em(), world().program.id, new Date(world().clock.now()))).rolledUp!)).toBeNull();
  });

  it('roll up a segment and an attribute asked together at the first such view, for every value, and keep them through rebuilds', async () => {
    await figures();
    const segmentId = await benAndCai('Ben and Cai');
    const cai = await figures({ segmentId, attribute: 'site', value: 'south' });
    expect([cai.enrolled, cai.completed]).toEqual([1, 0]);
    expect(row(cai, 'q-schedule')).toMatchObject({ reached: 1, answered: 0, missed: 1, attemptsMax: 2, stoppedHere: 0 });
    expect(row(cai, 'first-day')).toMatchObject({ reached: 1, answered: 0, stoppedHere: 1 });
    const ben = await figures({ segmentId, attribute: 'site', value: 'north' });
    expect([ben.enrolled, ben.completed]).toEqual([1, 0]);
    expect(row(ben, 'q-schedule')).toMatchObject({ reached: 1, answered: 1, firstTryCorrect: 0, missed: 1 });
    expect(row(ben, 'first-day').messages.heldWindowClosed).toBe(1);
    const asked = [{ segmentId, attribute: 'site', value: 'south' }, { segmentId, attribute: 'site', value: 'north' }, { segmentId, attribute: 'site', value: 'north', from: '2026-01-06' }];
    await expectRolledUpEqualsLive(asked);

    const now = new Date(world().clock.now());
    expect((await refreshTouchpointFacts(world().em(), world().program.id, now)).combinations).toEqual([{ segmentId, attribute: 'site' }]);
    await expectRolledUpEqualsLive(asked);
    const monthLater = new Date(now.getTime() + 31 * 86_400_000);
    expect((await refreshTouchpointFacts(world().em(), world().program.id, monthLater)).combinations).toEqual([]);
  });

  it('count a combination once when two views ask for it at the same time', async () => {
    await figures();
    const segmentId = await benAndCai('Ben and Cai, again');
    const now = new Date(world().clock.now());
    await Promise.all([1, 2, 3].map(() => rollUpCombination(world().em(), world().program.id, { segmentId, attribute: 'site' }, now)));
    await expectRolledUpEqualsLive([{ segmentId, attribute: 'site', value: 'north' }, { segmentId, attribute: 'site', value: 'south' }]);
  });
});

describe('a worker attribute filtered live', () => {
  it('keeps the workers whose value reads as asked, a number or a boolean as much as a text', async () => {
    await figures();
    const floors = { Ada: 3, Ben: '3', Cai: true, Dee: '3.0' } as const;
    for (const [name, floor] of Object.entries(floors)) {
      await world().sql(`update workers set attributes = attributes || jsonb_build_object('floor', :floor::jsonb) where organization_id = :organization_id and full_name = :name`, { name, floor: JSON.stringify(floor) });
    }
    const enrolled = async (value: string) => (await countCohort(world().em(), world().program.id, { attribute: 'floor', value })).enrolled;
    expect([await enrolled('3'), await enrolled('true'), await enrolled('3.0'), await enrolled('4')]).toEqual([2, 1, 1, 0]);
  });
});

describe("the workers list's quiz %", () => {
  it('counts a quiz whose attempts ran out as wrong', async () => {
    await figures();
    const { rows } = await findWorkers(world().em(), workerFilterSchema.parse({}), 25);
    expect(rows.map((r) => [r.full_name, r.quiz_percent])).toEqual([['Ada', 100], ['Ben', 0], ['Cai', 50], ['Dee', null]]);
  });
});
