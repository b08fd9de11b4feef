/**
 * The insert of a program's `analytics_touchpoint_facts` rows (`:program`), touchpoints of every
 * version of its journeys placed by the newest version's order.
 *
 * Each enrolment's facts are computed apart (`lateral`): its attempts and its conversations'
 * messages are read by the enrolment's id alone, then joined in memory with the program's
 * touchpoints, so the rebuild reads each enrolment's own rows once whatever the plan. Planned
 * without statistics (a table never analyzed), the joins of the whole program's rows nested loops
 * (hundreds of millions of rows compared), and a condition on the organization ANDed the
 * organization's whole index into each enrolment's lookup: the organization follows from the
 * enrolment (composite foreign keys) and, for a message, from its channel.
 */
export const touchpointFactsSql = `
insert into analytics_touchpoint_facts (
  organization_id, program_id, worker_assignment_id, worker_id, assignment_status, blueprint_key, touchpoint_key, touchpoint_type, position,
  reached_at, attempts, completed_at, answered_at, first_option, last_option, first_try_correct, ever_correct, last_activity_at, is_last,
  channel_kind, sent, delivered, read, failed, queued, held_quiet_hours, held_window_closed, held_other)
with versions as materialized (
  select jb.id, jb.key, jb.version, pb.order_in_program
    from program_blueprints pb
    join journey_blueprints first on first.id = pb.journey_blueprint_id
    join journey_blueprints jb on jb.organization_id = first.organization_id and jb.key = first.key
   where pb.organization_id = :organization_id and pb.program_id = :program
), tps as materialized (
  select t.id, v.key as blueprint_key, t.key as touchpoint_key, c.body as content_body
    from versions v join phases ph on ph.journey_blueprint_id = v.id join touchpoints t on t.phase_id = ph.id join content c on c.id = t.content_id
), places as materialized (
  select blueprint_key, touchpoint_key, type, (row_number() over (order by order_in_program, phase_order, tp_order))::int as position from (
    select distinct on (v.key, t.key) v.key as blueprint_key, t.key as touchpoint_key, c.type, v.order_in_program, ph.sequence_order as phase_order, t.sequence_order as tp_order
      from versions v join phases ph on ph.journey_blueprint_id = v.id join touchpoints t on t.phase_id = ph.id join content c on c.id = t.content_id
     order by v.key, t.key, v.version desc) newest
), channel_kinds as materialized (
  select id, kind from channels where organization_id = :organization_id
), assignments as materialized (
  select id, worker_id, status from worker_assignments where organization_id = :organization_id and program_id = :program
)
select :organization_id::uuid, :program::uuid, a.id, a.worker_id, a.status, f.blueprint_key, f.touchpoint_key, f.type, f.position,
       f.reached_at, f.attempts, f.completed_at, f.answered_at, f.first_option, f.last_option, f.first_try_correct, f.ever_correct, f.last_activity_at,
       row_number() over (partition by a.id order by f.position desc) = 1,
       f.channel_kind, f.sent, f.delivered, f.read, f.failed, f.queued, f.held_quiet_hours, f.held_window_closed, f.held_other
  from assignments a cross join lateral (
    with attempts as materialized (
      select touchpoint_id, started_at, completed_at, attempt, answer, correct from worker_progress where worker_assignment_id = a.id
    ), exchanged as materialized (
      -- Each conversation's messages by its id (offset 0: not flattened into a join, which a plan without statistics hashes from a scan of every message).
      select c.journey_blueprint_id, m.touchpoint_key, m.direction, m.status, m.error_code, m.channel_id, m.created_at
        from conversations c cross join lateral (select * from messages where conversation_id = c.id offset 0) m
       where c.worker_assignment_id = a.id
    ), progress as (
      select tps.blueprint_key, tps.touchpoint_key,
             min(wp.started_at) as reached_at, min(wp.completed_at) as completed_at, max(wp.completed_at) as closed_at,
             min(wp.completed_at) filter (where wp.answer is not null) as answered_at,
             (array_agg(wp.answer order by wp.attempt) filter (where tps.content_body->'options' @> jsonb_build_array(jsonb_build_object('id', wp.answer))))[1] as first_option,
             (array_agg(wp.answer order by wp.attempt desc) filter (where tps.content_body->'options' @> jsonb_build_array(jsonb_build_object('id', wp.answer))))[1] as last_option,
             (array_agg(wp.correct order by wp.attempt) filter (where wp.correct is not null))[1] as first_try_correct,
             bool_or(wp.correct) as ever_correct,
             max(coalesce(wp.completed_at, wp.started_at)) as last_activity_at
        from attempts wp join tps on tps.id = wp.touchpoint_id
       group by 1, 2
    ), replies as (
      -- The worker's messages while a touchpoint was open: every answer, understood or not, is an attempt.
      select p.blueprint_key, p.touchpoint_key, count(*)::int as replies
        from progress p
        join versions v on v.key = p.blueprint_key
        join exchanged m on m.journey_blueprint_id = v.id and m.direction = 'inbound' and m.created_at > p.reached_at and m.created_at <= p.closed_at
       group by 1, 2
    ), sends as (
      select v.key as blueprint_key, m.touchpoint_key, min(ch.kind) as channel_kind,
             (count(*) filter (where m.status in ('sent', 'delivered', 'read')))::int as sent,
             (count(*) filter (where m.status in ('delivered', 'read')))::int as delivered,
             (count(*) filter (where m.status = 'read'))::int as read,
             (count(*) filter (where m.status = 'failed'))::int as failed,
             (count(*) filter (where m.status in ('queued', 'sending') and m.error_code is distinct from 'quiet_hours'))::int as queued,
             (count(*) filter (where m.status in ('queued', 'sending', 'held') and m.error_code = 'quiet_hours'))::int as held_quiet_hours,
             (count(*) filter (where m.status = 'held' and m.error_code = 'window_closed'))::int as held_window_closed,
             (count(*) filter (where m.status = 'held' and m.error_code is distinct from 'window_closed' and m.error_code is distinct from 'quiet_hours'))::int as held_other,
             min(m.created_at) as first_message_at
        from exchanged m join versions v on v.id = m.journey_blueprint_id join channel_kinds ch on ch.id = m.channel_id
       where m.direction = 'outbound' and m.touchpoint_key is not null
       group by 1, 2
    )
    select pl.blueprint_key, pl.touchpoint_key, pl.type, pl.position,
           coalesce(p.reached_at, s.first_message_at) as reached_at, coalesce(r.replies, 0) as attempts, p.completed_at, p.answered_at,
           p.first_option, p.last_option, p.first_try_correct, p.ever_correct, greatest(p.last_activity_at, s.first_message_at) as last_activity_at,
           s.channel_kind, coalesce(s.sent, 0) as sent, coalesce(s.delivered, 0) as delivered, coalesce(s.read, 0) as read, coalesce(s.failed, 0) as failed,
           coalesce(s.queued, 0) as queued, coalesce(s.held_quiet_hours, 0) as held_quiet_hours, coalesce(s.held_window_closed, 0) as held_window_closed,
           coalesce(s.held_other, 0) as held_other
      from progress p full join sends s on s.blueprint_key = p.blueprint_key and s.touchpoint_key = p.touchpoint_key
      left join replies r on r.blueprint_key = p.blueprint_key and r.touchpoint_key = p.touchpoint_key
      join places pl on pl.blueprint_key = coalesce(p.blueprint_key, s.blueprint_key) and pl.touchpoint_key = coalesce(p.touchpoint_key, s.touchpoint_key)
  ) f`;
