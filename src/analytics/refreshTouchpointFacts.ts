import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { loadProgramTotals } from './programTotals';
import { lockProgramAnalytics } from './lockProgramAnalytics';
import { refreshRollups, type RolledUp } from './refreshRollups';

/**
 * Rebuilds a program's rows of `analytics_touchpoint_facts` (one per enrolment and touchpoint, by
 * journey and touchpoint key across the journey's versions) in one transaction: readers see the
 * old rows until it commits. Only option ids are copied from answers, never free text, so an
 * erased worker leaves no words behind here. The unfiltered figures are stored beside them
 * (`analytics_refreshes.totals`): the page a manager opens first reads one row; the rollups per
 * segment, attribute value and day (`refreshRollups`) serve the filtered views. Answers what was
 * rolled up.
 */
export async function refreshTouchpointFacts(em: EntityManager, programId: string, now: Date): Promise<RolledUp> {
  const started = performance.now();
  return em.transactional(async (tx) => {
    await lockProgramAnalytics(tx, programId);
    const params = { program: programId };
    await scopedSql(tx, `delete from analytics_touchpoint_facts where organization_id = :organization_id and program_id = :program`, params);
    await scopedSql(tx, factsSql, params);
    const totals = await loadProgramTotals(tx, programId, {}, now);
    const rolledUp = await refreshRollups(tx, programId, now);
    await scopedSql(
      tx,
      `insert into analytics_refreshes (organization_id, program_id, refreshed_at, took_ms, totals, rolled_up_attributes)
       values (:organization_id, :program, :now, :took, :totals, array(select jsonb_array_elements_text(:rolledUp::jsonb)))
       on conflict (program_id) do update set refreshed_at = excluded.refreshed_at, took_ms = excluded.took_ms, totals = excluded.totals,
                                              rolled_up_attributes = excluded.rolled_up_attributes`,
      { ...params, now, took: Math.round(performance.now() - started), totals: JSON.stringify(totals), rolledUp: JSON.stringify(rolledUp.attributes) },
    );
    return rolledUp;
  });
}

// Touchpoints of every version of the program's journeys, placed by the newest version's order.
const factsSql = `
insert into analytics_touchpoint_facts (
  organization_id, program_id, worker_assignment_id, worker_id, assignment_status, blueprint_key, touchpoint_key, touchpoint_type, position,
  reached_at, attempts, completed_at, answered_at, first_option, last_option, first_try_correct, ever_correct, last_activity_at, is_last,
  channel_kind, sent, delivered, read, failed, queued, held_quiet_hours, held_window_closed, held_other)
with versions as (
  select jb.id, jb.key, jb.version, pb.order_in_program
    from program_blueprints pb
    join journey_blueprints first on first.id = pb.journey_blueprint_id
    join journey_blueprints jb on jb.organization_id = first.organization_id and jb.key = first.key
   where pb.organization_id = :organization_id and pb.program_id = :program
), tps as (
  select t.id, v.key as blueprint_key, t.key as touchpoint_key, c.body as content_body
    from versions v join phases ph on ph.journey_blueprint_id = v.id join touchpoints t on t.phase_id = ph.id join content c on c.id = t.content_id
), places as (
  select blueprint_key, touchpoint_key, type, (row_number() over (order by order_in_program, phase_order, tp_order))::int as position from (
    select distinct on (v.key, t.key) v.key as blueprint_key, t.key as touchpoint_key, c.type, v.order_in_program, ph.sequence_order as phase_order, t.sequence_order as tp_order
      from versions v join phases ph on ph.journey_blueprint_id = v.id join touchpoints t on t.phase_id = ph.id join content c on c.id = t.content_id
     order by v.key, t.key, v.version desc) newest
), assignments as (
  select id, worker_id, status from worker_assignments where organization_id = :organization_id and program_id = :program
), progress as (
  select wp.worker_assignment_id, tps.blueprint_key, tps.touchpoint_key,
         min(wp.started_at) as reached_at, min(wp.completed_at) as completed_at, max(wp.completed_at) as closed_at,
         min(wp.completed_at) filter (where wp.answer is not null) as answered_at,
         (array_agg(wp.answer order by wp.attempt) filter (where tps.content_body->'options' @> jsonb_build_array(jsonb_build_object('id', wp.answer))))[1] as first_option,
         (array_agg(wp.answer order by wp.attempt desc) filter (where tps.content_body->'options' @> jsonb_build_array(jsonb_build_object('id', wp.answer))))[1] as last_option,
         (array_agg(wp.correct order by wp.attempt) filter (where wp.correct is not null))[1] as first_try_correct,
         bool_or(wp.correct) as ever_correct,
         max(coalesce(wp.completed_at, wp.started_at)) as last_activity_at
    from worker_progress wp join tps on tps.id = wp.touchpoint_id
   where wp.organization_id = :organization_id and wp.worker_assignment_id in (select id from assignments)
   group by 1, 2, 3
), replies as (
  -- The worker's messages while a touchpoint was open: every answer, understood or not, is an attempt.
  select p.worker_assignment_id, p.blueprint_key, p.touchpoint_key, count(*)::int as replies
    from progress p
    join conversations c on c.organization_id = :organization_id and c.worker_assignment_id = p.worker_assignment_id
    join journey_blueprints jb on jb.id = c.journey_blueprint_id and jb.key = p.blueprint_key
    join messages m on m.conversation_id = c.id and m.direction = 'inbound' and m.created_at > p.reached_at and m.created_at <= p.closed_at
   where p.closed_at is not null
   group by 1, 2, 3
), sends as (
  select c.worker_assignment_id, jb.key as blueprint_key, m.touchpoint_key, min(ch.kind) as channel_kind,
         (count(*) filter (where m.status in ('sent', 'delivered', 'read')))::int as sent,
         (count(*) filter (where m.status in ('delivered', 'read')))::int as delivered,
         (count(*) filter (where m.status = 'read'))::int as read,
         (count(*) filter (where m.status = 'failed'))::int as failed,
         (count(*) filter (where m.status in ('queued', 'sending') and m.error_code is distinct from 'quiet_hours'))::int as queued,
         (count(*) filter (where m.status in ('queued', 'sending', 'held') and m.error_code = 'quiet_hours'))::int as held_quiet_hours,
         (count(*) filter (where m.status = 'held' and m.error_code = 'window_closed'))::int as held_window_closed,
         (count(*) filter (where m.status = 'held' and m.error_code is distinct from 'window_closed' and m.error_code is distinct from 'quiet_hours'))::int as held_other,
         min(m.created_at) as first_message_at
    from conversations c
    join messages m on m.conversation_id = c.id and m.direction = 'outbound' and m.touchpoint_key is not null
    join journey_blueprints jb on jb.id = c.journey_blueprint_id
    join channels ch on ch.id = m.channel_id
   where c.organization_id = :organization_id and c.worker_assignment_id in (select id from assignments) and m.organization_id = :organization_id
   group by 1, 2, 3
), facts as (
  select coalesce(p.worker_assignment_id, s.worker_assignment_id) as worker_assignment_id,
         coalesce(p.blueprint_key, s.blueprint_key) as blueprint_key, coalesce(p.touchpoint_key, s.touchpoint_key) as touchpoint_key,
         coalesce(p.reached_at, s.first_message_at) as reached_at, coalesce(r.replies, 0) as attempts, p.completed_at, p.answered_at,
         p.first_option, p.last_option, p.first_try_correct, p.ever_correct, greatest(p.last_activity_at, s.first_message_at) as last_activity_at,
         s.channel_kind, coalesce(s.sent, 0) as sent, coalesce(s.delivered, 0) as delivered, coalesce(s.read, 0) as read, coalesce(s.failed, 0) as failed,
         coalesce(s.queued, 0) as queued, coalesce(s.held_quiet_hours, 0) as held_quiet_hours, coalesce(s.held_window_closed, 0) as held_window_closed,
         coalesce(s.held_other, 0) as held_other
    from progress p full join sends s on s.worker_assignment_id = p.worker_assignment_id and s.blueprint_key = p.blueprint_key and s.touchpoint_key = p.touchpoint_key
    left join replies r on r.worker_assignment_id = p.worker_assignment_id and r.blueprint_key = p.blueprint_key and r.touchpoint_key = p.touchpoint_key
)
select :organization_id::uuid, :program::uuid, f.worker_assignment_id, a.worker_id, a.status, f.blueprint_key, f.touchpoint_key, pl.type, pl.position,
       f.reached_at, f.attempts, f.completed_at, f.answered_at, f.first_option, f.last_option, f.first_try_correct, f.ever_correct, f.last_activity_at,
       row_number() over (partition by f.worker_assignment_id order by pl.position desc) = 1,
       f.channel_kind, f.sent, f.delivered, f.read, f.failed, f.queued, f.held_quiet_hours, f.held_window_closed, f.held_other
  from facts f join assignments a on a.id = f.worker_assignment_id
  join places pl on pl.blueprint_key = f.blueprint_key and pl.touchpoint_key = f.touchpoint_key`;
