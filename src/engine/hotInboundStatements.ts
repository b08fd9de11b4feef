import { defineTenantStatement } from '../hotPath/tenantStatement';

/**
 * The inbound step's first statement: the worker (by phone) and then their active conversation
 * locked `FOR NO KEY UPDATE` (in that order, as every step locks them), the inbound row logged
 * (deduplicated on channel and provider message id by inbound_provider_ids) only when the step is the common one (an
 * active worker, the bot not paused, a conversation of a running program), and what the machine
 * and the step need: snapshot, blueprint version, pacing wait, the last outbound message's
 * conversation (a broadcast in between), the assignment's progress (attempts per touchpoint, the
 * open ones), and the local day of the worker's latest activity in the ledger within the eight days
 * `LEDGER_WRITE_SQL` looks back (whether the step can be the first activity of a streak period).
 * $2 channel, $3 phone, $4 provider message id, $5 body, $6 payload, $7 at, $8 media status,
 * $9 media due at, $10 the ledger's activity kinds.
 */
export const readInboundStep = defineTenantStatement(
  'hot_inbound_read',
  `with w as (
     select w.id, coalesce(w.language, o.settings->>'defaultLanguage') as language, w.status, w.bot_paused,
            coalesce(w.timezone, o.settings->>'timezone', 'UTC') as timezone
       from workers w join organizations o on o.id = w.organization_id
      where (w.organization_id = $1) is true and w.phone_number = $3
        for no key update of w),
   c as (
     select c.id, c.worker_assignment_id, c.journey_blueprint_id, c.snapshot, c.snapshot_format, p.status as program_status
       from conversations c
       join worker_assignments wa on wa.id = c.worker_assignment_id
       join programs p on p.id = wa.program_id
      where (c.organization_id = $1) is true and c.worker_id = (select id from w) and c.status = 'active'
        for no key update of c),
   first_delivery as (
     insert into inbound_provider_ids (organization_id, channel_id, provider_message_id, received_at)
     select $1, $2::uuid, $4::text, $7::timestamptz
       from w, c
      where w.status = 'active' and not w.bot_paused and c.program_status <> 'paused'
     on conflict (organization_id, channel_id, provider_message_id) do nothing
     returning 1),
   inbound as (
     insert into messages (organization_id, channel_id, worker_id, conversation_id, direction, body, payload, status, provider_message_id, created_at, media_status, media_due_at)
     select $1, $2::uuid, w.id, c.id, 'inbound', $5::text, $6::jsonb, 'received', $4::text, $7::timestamptz, $8::text, $9::timestamptz
       from w, c, first_delivery
     returning id)
   select w.id as worker_id, w.language, w.status, w.bot_paused, w.timezone,
          c.id as conversation_id, c.worker_assignment_id, c.journey_blueprint_id, c.snapshot, c.snapshot_format, c.program_status,
          (select id from inbound) as inbound_id,
          (select t.due_at from timers t
            where (t.organization_id = $1) is true and t.conversation_id = c.id and t.event->>'type' like 'xstate.after.pace\\_%'
            order by t.due_at limit 1) as pacing_due_at,
          (select json_build_object('conversationId', m.conversation_id, 'contentKey', m.payload->>'contentKey') from messages m
            where (m.organization_id = $1) is true and m.worker_id = w.id and m.direction = 'outbound'
            order by m.seq desc limit 1) as last_outbound,
          (select (l.occurred_at at time zone w.timezone)::date::text from gamification_ledger l
            where (l.organization_id = $1) is true and l.worker_id = w.id and l.occurred_at > $7::timestamptz - interval '192 hours'
              and l.kind = any(array(select jsonb_array_elements_text($10::jsonb)))
            order by l.occurred_at desc limit 1) as last_activity_day,
          (select json_build_object(
                    'attempts', coalesce(json_object_agg(s.touchpoint_id, s.attempts) filter (where s.first), '{}'::json),
                    'open', coalesce(json_agg(json_build_object('id', s.id, 'touchpointId', s.touchpoint_id, 'attempt', s.attempt, 'answered', s.answer is not null))
                                       filter (where s.completed_at is null), '[]'::json))
             from (select id, touchpoint_id, attempt, answer, completed_at,
                          count(*) over (partition by touchpoint_id) as attempts, row_number() over (partition by touchpoint_id) = 1 as first
                     from worker_progress
                    where (organization_id = $1) is true and worker_assignment_id = c.worker_assignment_id) s) as progress
     from w left join c on true`,
);

/**
 * Every write of a common inbound step in one statement, one CTE per kind of row, each fed by a
 * JSON array (flushStepWrites). $2 conversation, $3 worker, $4 assignment, $5 channel, $6 at,
 * $7 priority, $8 new snapshot (null: unchanged), $9 its format, $10 outbound messages (in order),
 * $11 new progress rows, $12 progress rows completed, $13 timers set, $14 send ids of timers
 * cancelled, $15 well-being answers, $16 quiz answers, $17 of them correct, $18 the step's domain
 * events (as `insertDomainEvents` writes them, with their deliveries), $19 the learning event types,
 * $20 the journey ended (the conversation is completed), $21 keys of the badges awarded (an
 * outbound message with a `badgeKey` is queued only when that badge was awarded now).
 */
export const INBOUND_WRITE_CTES = `conversation_counted as (
     update conversations set version = version + 1, updated_at = $6::timestamptz
      where (organization_id = $1) is true and id = $2::uuid and $8::jsonb is null
     returning id),
   conversation_saved as (
     update conversations set version = version + 1, updated_at = $6::timestamptz, snapshot = $8::jsonb, snapshot_format = $9::int,
            status = case when $20::boolean then 'completed' else status end,
            ended_at = case when $20::boolean then $6::timestamptz else ended_at end
      where (organization_id = $1) is true and id = $2::uuid and $8::jsonb is not null
     returning id),
   badges_awarded as (
     insert into worker_badges (worker_id, badge_id, organization_id, awarded_at)
     select $3::uuid, b.id, $1, $6::timestamptz
       from jsonb_array_elements_text($21::jsonb) k join badges b on b.organization_id = $1 and b.key = k.value
     on conflict do nothing
     returning badge_id),
   outbound as (
     insert into messages (organization_id, channel_id, worker_id, conversation_id, touchpoint_key, direction, body, payload, status, priority, created_at)
     select $1, $5::uuid, $3::uuid, $2::uuid, e.item->>'touchpointKey', 'outbound', e.item->>'body', e.item->'payload', 'queued', $7::smallint, $6::timestamptz
       from jsonb_array_elements($10::jsonb) with ordinality as e(item, ord)
      where e.item->>'badgeKey' is null
         or exists (select 1 from badges_awarded a join badges b on b.id = a.badge_id where b.organization_id = $1 and b.key = e.item->>'badgeKey')
      order by e.ord
     returning id),
   progress_added as (
     insert into worker_progress (id, organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, answer, score, correct, feedback_text, attempt)
     select (e->>'id')::uuid, $1, $4::uuid, (e->>'touchpointId')::uuid, (e->>'startedAt')::timestamptz, (e->>'completedAt')::timestamptz,
            e->>'answer', (e->>'score')::numeric, (e->>'correct')::boolean, e->>'feedback', (e->>'attempt')::int
       from jsonb_array_elements($11::jsonb) e
     returning id),
   progress_completed as (
     update worker_progress wp
        set completed_at = (e->>'completedAt')::timestamptz, updated_at = (e->>'completedAt')::timestamptz,
            answer = case when (e->>'setResult')::boolean then e->>'answer' else wp.answer end,
            score = case when (e->>'setResult')::boolean then (e->>'score')::numeric else wp.score end,
            correct = case when (e->>'setResult')::boolean then (e->>'correct')::boolean else wp.correct end,
            feedback_text = case when (e->>'setResult')::boolean then e->>'feedback' else wp.feedback_text end
       from jsonb_array_elements($12::jsonb) e
      where (wp.organization_id = $1) is true and wp.worker_assignment_id = $4::uuid and wp.id = (e->>'id')::uuid
     returning wp.id),
   timers_set as (
     insert into timers (organization_id, conversation_id, send_id, event, due_at, created_at)
     select $1, $2::uuid, e->>'sendId', e->'event', (e->>'dueAt')::timestamptz, $6::timestamptz
       from jsonb_array_elements($13::jsonb) e
     on conflict (conversation_id, send_id) do update set event = excluded.event, due_at = excluded.due_at, created_at = excluded.created_at,
                   attempts = 0, last_error = null, set_aside_at = null, claimed_until = null
     returning id),
   timers_cancelled as (
     delete from timers
      where (organization_id = $1) is true and conversation_id = $2::uuid and send_id in (select jsonb_array_elements_text($14::jsonb))
     returning id),
   well_being as (
     insert into well_being_answers (organization_id, worker_id, worker_assignment_id, touchpoint_id, value, answered_at)
     select $1, $3::uuid, $4::uuid, (e->>'touchpointId')::uuid, (e->>'value')::int, $6::timestamptz
       from jsonb_array_elements($15::jsonb) e
     returning id),
   worker as (
     update workers
        set well_being_score = coalesce((select (e.item->>'value')::int from jsonb_array_elements($15::jsonb) with ordinality as e(item, ord) order by e.ord desc limit 1), well_being_score),
            updated_at = case when jsonb_array_length($15::jsonb) > 0 then $6::timestamptz else updated_at end,
            quiz_answers = quiz_answers + $16::int,
            quiz_answers_correct = quiz_answers_correct + $17::int,
            performance_metric = case when $16::int > 0 then round(100.0 * (quiz_answers_correct + $17::int) / (quiz_answers + $16::int))::int else performance_metric end
      where (organization_id = $1) is true and id = $3::uuid and (jsonb_array_length($15::jsonb) > 0 or $16::int > 0)
     returning id),
   events as (
     insert into domain_events (organization_id, worker_id, type, occurred_at, data)
     select $1, $3::uuid, e.item->>'type', (e.item->>'occurredAt')::timestamptz, e.item->'data'
       from jsonb_array_elements($18::jsonb) with ordinality as e(item, ord)
      order by e.ord
     returning id, type, occurred_at),
   events_to_endpoints as (
     insert into event_deliveries (organization_id, event_id, worker_id, target, endpoint_id, next_attempt_at)
     select $1, ev.id, $3::uuid, 'webhook', ep.id, ev.occurred_at
       from events ev join webhook_endpoints ep on ep.organization_id = $1 and ev.type = any(ep.events)
     returning id),
   events_to_lrs as (
     insert into event_deliveries (organization_id, event_id, worker_id, target, next_attempt_at)
     select $1, ev.id, $3::uuid, 'xapi', ev.occurred_at
       from events ev join lrs_configs lrs on lrs.organization_id = $1 and lrs.enabled
      where ev.type in (select jsonb_array_elements_text($19::jsonb))
     returning id)`;

/** What the step's writes answer, from their CTEs. */
export const INBOUND_WRITE_ANSWER = `(select count(*) from conversation_counted) + (select count(*) from conversation_saved) as conversations, (select count(*) from outbound) as queued`;

/** The step's writes (no points earned), in one statement. */
export const writeInboundStep = defineTenantStatement('hot_inbound_write', `with ${INBOUND_WRITE_CTES}
   select ${INBOUND_WRITE_ANSWER}`);

/** A blueprint version this process has not compiled yet, with its touchpoints ($2 version id). */
export const readBlueprintVersion = defineTenantStatement(
  'hot_blueprint_read',
  `select jb.definition,
          coalesce((select json_agg(json_build_object('id', t.id, 'key', t.key))
                      from touchpoints t join phases p on p.id = t.phase_id
                     where t.organization_id = $1 and p.journey_blueprint_id = jb.id), '[]'::json) as touchpoints
     from journey_blueprints jb
    where jb.organization_id = $1 and jb.id = $2::uuid`,
);
