import { defineTenantStatement } from '../hotPath/tenantStatement';

/**
 * The inbound step's first statement: the worker (by phone) and then their active conversation
 * locked `FOR NO KEY UPDATE` (in that order, as every step locks them), the inbound row logged
 * (deduplicated on channel and provider message id by inbound_provider_ids) only when the step is the common one (an
 * active worker, the bot not paused, a conversation of a running program), and what the machine
 * and the step need: snapshot, blueprint version, pacing wait, the last outbound message's
 * conversation (a broadcast in between) among those of the last eight days (a bound on
 * `created_at`, so the plan reads only the months it spans however many are kept; null when there
 * is none), the assignment's progress (attempts per touchpoint, the
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
              and m.created_at > $7::timestamptz - interval '192 hours' and m.created_at < $7::timestamptz + interval '1 day'
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
