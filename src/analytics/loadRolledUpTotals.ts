import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { AnalyticsFilters } from './analyticsFilters';
import type { OptionCount } from './loadAnswerDistribution';
import type { ChannelDelivery } from './loadDeliveryByChannel';
import type { Cohort, MessageCounts, TouchpointFigures } from './loadTouchpointFigures';
import type { CohortTotals } from './programTotals';
import { combinationKey, type RolledUp } from './refreshRollups';

/** The rollup rows a filter reads: everyone, a segment, one value of a rolled-up attribute, or one within a segment. */
export interface Split {
  split: 'all' | 'segment' | 'attribute' | 'combination';
  key: string;
  value: string;
}

/**
 * The split of a filter, or null when the rollups cannot hold it (an attribute with many values).
 * A segment and an attribute together are a combination, rolled up on request (`rollUpCombination`).
 */
export function splitOf(filters: AnalyticsFilters, rolledUp: RolledUp): Split | null {
  if (filters.attribute && !rolledUp.attributes.includes(filters.attribute)) return null;
  if (filters.segmentId && filters.attribute) return { split: 'combination', key: combinationKey({ segmentId: filters.segmentId, attribute: filters.attribute }), value: filters.value ?? '' };
  if (filters.segmentId) return { split: 'segment', key: filters.segmentId, value: '' };
  if (filters.attribute) return { split: 'attribute', key: filters.attribute, value: filters.value ?? '' };
  return { split: 'all', key: '', value: '' };
}

/** The median of a bucketed distribution: the value of the bucket holding the middle entry. */
function medianOf(buckets: Map<number, number>, valueOf: (bucket: number) => number): number | null {
  const total = [...buckets.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(bucket)!;
    if (seen * 2 >= total) return Math.round(valueOf(bucket));
  }
  return null;
}

type Row = Record<string, string | number | null>;
const messageColumns = ['sent', 'delivered', 'read', 'failed', 'queued', 'held_quiet_hours', 'held_window_closed', 'held_other'] as const;
const messageNames: Record<(typeof messageColumns)[number], keyof MessageCounts> = {
  sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed', queued: 'queued',
  held_quiet_hours: 'heldQuietHours', held_window_closed: 'heldWindowClosed', held_other: 'heldOther',
};

/**
 * A filtered view's figures from the program's rollups (rebuilt with its facts), in one query: a
 * few rows summed per touchpoint instead of every fact of the filtered workers, the distributions'
 * buckets and the cohort. Medians come from buckets: times to answer within 2.5 %, times since
 * last activity within half an hour.
 */
export async function loadRolledUpTotals(em: EntityManager, programId: string, split: Split, filters: AnalyticsFilters, now: Date): Promise<CohortTotals> {
  const days = [filters.from ? 'r.day >= :from::date' : '', filters.to ? 'r.day <= :to::date' : ''].filter(Boolean);
  const params = { program: programId, split: split.split, key: split.key, value: split.value, ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) };
  const [{ cells, buckets, cohort }] = await scopedSql<{ cells: Row[]; buckets: { blueprint_key: string; touchpoint_key: string; bucket: string; n: number }[]; cohort: Cohort }>(
    em,
    `with r as (
       select * from analytics_touchpoint_rollups r
        where r.organization_id = :organization_id and r.program_id = :program and r.split = :split and r.split_key = :key and r.split_value = :value${days.map((d) => ` and ${d}`).join('')})
     select (select coalesce(json_agg(c), '[]') from (
              select r.blueprint_key, r.touchpoint_key, r.channel_kind, min(r.touchpoint_type) as type,
                     sum(r.reached)::int as reached, sum(r.completed)::int as completed, sum(r.answered)::int as answered, sum(r.first_try_correct)::int as first_try_correct,
                     sum(r.ever_correct)::int as ever_correct, sum(r.missed)::int as missed, sum(r.attempts_sum)::int as attempts_sum, sum(r.attempts_count)::int as attempts_count,
                     max(r.attempts_max) as attempts_max, sum(r.stopped_here)::int as stopped_here,
                     ${messageColumns.map((c) => `sum(r.${c})::int as ${c}`).join(', ')}
                from r group by r.blueprint_key, r.touchpoint_key, r.channel_kind order by min(r.position), r.channel_kind) c) as cells,
            (select coalesce(json_agg(b), '[]') from (
              select r.blueprint_key, r.touchpoint_key, d.key as bucket, sum(d.value::int)::int as n
                from r cross join jsonb_each_text(r.distributions) d group by 1, 2, 3) b) as buckets,
            (select json_build_object('enrolled', coalesce(sum(enrolled), 0), 'completed', coalesce(sum(completed), 0), 'dropped', coalesce(sum(dropped), 0))
               from analytics_cohort_rollups
              where organization_id = :organization_id and program_id = :program and split = :split and split_key = :key and split_value = :value) as cohort`,
    params,
  );
  const n = (value: string | number | null) => Number(value ?? 0);
  const figures = new Map<string, TouchpointFigures & { attemptsSum: number; attemptsCount: number }>();
  const delivery: ChannelDelivery[] = [];
  for (const cell of cells) {
    const blueprint = String(cell.blueprint_key);
    const touchpoint = String(cell.touchpoint_key);
    const messages = Object.fromEntries(messageColumns.map((c) => [messageNames[c], n(cell[c])])) as unknown as MessageCounts;
    if (cell.channel_kind !== null) delivery.push({ blueprint, touchpoint, channelKind: String(cell.channel_kind), ...messages });
    const id = `${blueprint}/${touchpoint}`;
    const figure = figures.get(id) ?? {
      blueprint, touchpoint, type: String(cell.type), reached: 0, completed: 0, answered: 0, firstTryCorrect: 0, eventuallyCorrect: 0, missed: 0,
      attemptsAverage: null, attemptsMax: null, medianSecondsToAnswer: null, stoppedHere: 0, stoppedForMedianSeconds: null, attemptsSum: 0, attemptsCount: 0,
      messages: { sent: 0, delivered: 0, read: 0, failed: 0, queued: 0, heldQuietHours: 0, heldWindowClosed: 0, heldOther: 0 },
    };
    figure.reached += n(cell.reached);
    figure.completed += n(cell.completed);
    figure.answered += n(cell.answered);
    figure.firstTryCorrect += n(cell.first_try_correct);
    figure.eventuallyCorrect += n(cell.ever_correct);
    figure.missed += n(cell.missed);
    figure.stoppedHere += n(cell.stopped_here);
    figure.attemptsSum += n(cell.attempts_sum);
    figure.attemptsCount += n(cell.attempts_count);
    if (cell.attempts_max !== null) figure.attemptsMax = Math.max(figure.attemptsMax ?? 0, n(cell.attempts_max));
    for (const name of Object.values(messageNames)) figure.messages[name] += messages[name];
    figures.set(id, figure);
  }
  const chosen = new Map<string, OptionCount>();
  const answerTimes = new Map<string, Map<number, number>>();
  const lastActive = new Map<string, Map<number, number>>();
  for (const { blueprint_key: blueprint, touchpoint_key: touchpoint, bucket, n: count } of buckets) {
    const id = `${blueprint}/${touchpoint}`;
    const [kind, rest] = [bucket.slice(0, 1), bucket.slice(2)];
    if (kind === 'a' || kind === 'l') {
      const into = kind === 'a' ? answerTimes : lastActive;
      const histogram = into.get(id) ?? new Map<number, number>();
      histogram.set(Number(rest), (histogram.get(Number(rest)) ?? 0) + count);
      into.set(id, histogram);
    } else {
      const option = chosen.get(`${id}/${rest}`) ?? { blueprint, touchpoint, option: rest, firstTry: 0, eventual: 0 };
      if (kind === 'f') option.firstTry += count;
      else option.eventual += count;
      chosen.set(`${id}/${rest}`, option);
    }
  }
  const result = [...figures.entries()].map(([id, { attemptsSum, attemptsCount, ...figure }]): TouchpointFigures => ({
    ...figure,
    attemptsAverage: attemptsCount > 0 ? Math.round((100 * attemptsSum) / attemptsCount) / 100 : null,
    medianSecondsToAnswer: medianOf(answerTimes.get(id) ?? new Map(), (bucket) => Math.exp(bucket / 20) - 1),
    // An hour's middle can lie ahead of now when its activity was this hour: time since is never negative.
    stoppedForMedianSeconds: medianOf(lastActive.get(id) ?? new Map(), (hour) => Math.max(0, (now.getTime() - (hour + 0.5) * 3_600_000) / 1000)),
  }));
  return { figures: result, chosen: [...chosen.values()], delivery, ...cohort };
}
