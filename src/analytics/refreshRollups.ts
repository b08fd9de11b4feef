import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** An attribute with more values than this among a program's workers (an employee number, say) is filtered live, not rolled up. */
export const MAX_ROLLED_UP_VALUES = 200;
/** A segment and attribute pair asked together stays rolled up this long after it was last rolled up on request. */
export const COMBINATION_KEPT_DAYS = 30;

/** A segment and a worker attribute asked together: rolled up for every value of the attribute among the segment's workers. */
export interface Combination {
  segmentId: string;
  attribute: string;
}

/** What a rebuild rolled up: the attributes with few values, and the segment and attribute pairs asked recently. */
export interface RolledUp {
  attributes: string[];
  combinations: Combination[];
}

/** The `split_key` of a combination's rollup rows. */
export const combinationKey = (c: Combination) => `${c.segmentId}|${c.attribute}`;

/**
 * Rebuilds a program's rollups from its facts (call it in the facts' transaction, after them):
 * per split — everyone, each segment, each value of each attribute with few values, each value of
 * an attribute within a segment when that pair was asked within 30 days — the enrolled and
 * completed workers, and per reached day, touchpoint and channel kind the facts' sums with their
 * distributions (`a:<bucket>` times to answer, `l:<hour>` last activities of workers stopped
 * there, `f:`/`e:<option>` first and last options). Answers what it rolled up.
 */
export async function refreshRollups(tx: EntityManager, programId: string, now: Date): Promise<RolledUp> {
  const params = { program: programId };
  const attributes = (await scopedSql<{ key: string }>(
    tx,
    `select a.key from worker_assignments wa join workers w on w.organization_id = :organization_id and w.id = wa.worker_id
       cross join jsonb_each_text(coalesce(w.attributes, '{}')) a
      where wa.organization_id = :organization_id and wa.program_id = :program
      group by a.key having count(distinct a.value) <= :max order by a.key`,
    { ...params, max: MAX_ROLLED_UP_VALUES },
  )).map((row) => row.key);
  await scopedSql(
    tx,
    `delete from analytics_rollup_combinations where organization_id = :organization_id and program_id = :program
        and (asked_at < :now::timestamptz - :days * interval '1 day' or not attribute = any(array(select jsonb_array_elements_text(:attributes::jsonb))))`,
    { ...params, now, days: COMBINATION_KEPT_DAYS, attributes: JSON.stringify(attributes) },
  );
  const combinations = (await scopedSql<{ segment_id: string; attribute: string }>(
    tx,
    'select segment_id, attribute from analytics_rollup_combinations where organization_id = :organization_id and program_id = :program order by 1, 2',
    params,
  )).map((row) => ({ segmentId: row.segment_id, attribute: row.attribute }));
  await scopedSql(tx, `delete from analytics_touchpoint_rollups where organization_id = :organization_id and program_id = :program`, params);
  await scopedSql(tx, `delete from analytics_cohort_rollups where organization_id = :organization_id and program_id = :program`, params);
  await insertRollups(tx, programId, { attributes, combinations }, true);
  return { attributes, combinations };
}

/**
 * Inserts the rollup rows of the splits named: with `everything`, everyone, every segment and the
 * attributes too; without, only the combinations (rolled up on request, beside the rows already there).
 */
export async function insertRollups(tx: EntityManager, programId: string, splits: RolledUp, everything: boolean): Promise<void> {
  const params = {
    program: programId,
    everything,
    keys: JSON.stringify(splits.attributes),
    combinations: JSON.stringify(splits.combinations.map((c) => ({ segment: c.segmentId, attribute: c.attribute }))),
  };
  await scopedSql(
    tx,
    `insert into analytics_cohort_rollups (organization_id, program_id, split, split_key, split_value, enrolled, completed, dropped)
     with ${splitsSql}
     select :organization_id, :program, s.split, s.split_key, s.split_value, count(*)::int, (count(*) filter (where e.status = 'completed'))::int,
            (count(*) filter (where e.status = 'dropped'))::int
       from splits s join enrolled e on e.worker_id = s.worker_id group by 3, 4, 5`,
    params,
  );
  await scopedSql(tx, rollupSql, params);
}

// The workers of each split: everyone, members of each segment, holders of each value of the rolled-up attributes, and of
// each value of a combination's attribute among its segment's members (`everything` false: the combinations alone).
const splitsSql = `
enrolled as (select worker_id, status from worker_assignments where organization_id = :organization_id and program_id = :program),
members as (select distinct worker_id from enrolled),
combinations as (select c ->> 'segment' as segment_id, c ->> 'attribute' as attribute from jsonb_array_elements(:combinations::jsonb) c),
splits as (
  select m.worker_id, 'all'::text as split, ''::text as split_key, ''::text as split_value from members m where :everything
  union all
  select ws.worker_id, 'segment', ws.segment_id::text, '' from worker_segment ws join members m on m.worker_id = ws.worker_id
   where :everything and ws.organization_id = :organization_id
  union all
  select w.id, 'attribute', a.key, a.value from members m join workers w on w.organization_id = :organization_id and w.id = m.worker_id
    cross join jsonb_each_text(coalesce(w.attributes, '{}')) a where :everything and a.key in (select jsonb_array_elements_text(:keys::jsonb))
  union all
  select w.id, 'combination', c.segment_id || '|' || c.attribute, w.attributes ->> c.attribute
    from combinations c join worker_segment ws on ws.organization_id = :organization_id and ws.segment_id = c.segment_id::uuid
    join members m on m.worker_id = ws.worker_id join workers w on w.organization_id = :organization_id and w.id = ws.worker_id
   where w.attributes ->> c.attribute is not null)`;

const cellColumns = 'split, split_key, split_value, day, blueprint_key, touchpoint_key, channel_kind';

const rollupSql = `
insert into analytics_touchpoint_rollups (organization_id, program_id, ${cellColumns}, position, touchpoint_type,
  reached, completed, answered, first_try_correct, ever_correct, missed, attempts_sum, attempts_count, attempts_max, stopped_here,
  sent, delivered, read, failed, queued, held_quiet_hours, held_window_closed, held_other, distributions)
with ${splitsSql},
rows as (
  select s.split, s.split_key, s.split_value, (f.reached_at at time zone 'UTC')::date as day, f.*,
         concat_ws('|', s.split, s.split_key, s.split_value, coalesce((f.reached_at at time zone 'UTC')::date::text, '-'), f.blueprint_key, f.touchpoint_key, coalesce(f.channel_kind, '-')) as cell
    from analytics_touchpoint_facts f join splits s on s.worker_id = f.worker_id
   where f.organization_id = :organization_id and f.program_id = :program
), cells as (
  select cell, ${cellColumns}, min(position) as position, min(touchpoint_type) as touchpoint_type,
         count(*) filter (where sent > 0) as reached, count(*) filter (where sent > 0 and completed_at is not null) as completed,
         count(*) filter (where answered_at is not null) as answered, count(*) filter (where first_try_correct) as first_try_correct,
         count(*) filter (where ever_correct) as ever_correct,
         count(*) filter (where touchpoint_type = 'quiz' and completed_at is not null and not coalesce(ever_correct, false)) as missed,
         coalesce(sum(attempts) filter (where attempts > 0), 0) as attempts_sum, count(*) filter (where attempts > 0) as attempts_count,
         max(attempts) filter (where attempts > 0) as attempts_max, count(*) filter (where is_last and assignment_status = 'active') as stopped_here,
         sum(sent) as sent, sum(delivered) as delivered, sum(read) as read, sum(failed) as failed, sum(queued) as queued,
         sum(held_quiet_hours) as held_quiet_hours, sum(held_window_closed) as held_window_closed, sum(held_other) as held_other
    from rows group by cell, ${cellColumns}
), buckets as (
  select cell, bucket, count(*)::int as n from (
    select cell, 'a:' || round(ln(1 + greatest(0, extract(epoch from answered_at - reached_at))) * 20)::int as bucket from rows where answered_at is not null and reached_at is not null
    union all
    select cell, 'l:' || floor(extract(epoch from last_activity_at) / 3600)::bigint from rows where is_last and assignment_status = 'active' and last_activity_at is not null
    union all
    select cell, 'f:' || first_option from rows where first_option is not null
    union all
    select cell, 'e:' || last_option from rows where last_option is not null) b
   group by cell, bucket
), distributions as (select cell, jsonb_object_agg(bucket, n) as d from buckets group by cell)
select :organization_id, :program, c.split, c.split_key, c.split_value, c.day, c.blueprint_key, c.touchpoint_key, c.channel_kind, c.position, c.touchpoint_type,
       c.reached, c.completed, c.answered, c.first_try_correct, c.ever_correct, c.missed, c.attempts_sum, c.attempts_count, c.attempts_max, c.stopped_here,
       c.sent, c.delivered, c.read, c.failed, c.queued, c.held_quiet_hours, c.held_window_closed, c.held_other, coalesce(d.d, '{}')
  from cells c left join distributions d on d.cell = c.cell`;
