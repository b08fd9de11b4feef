import { defineSystemStatement } from '../hotPath/systemStatement';
import { lockPickedSql, nextDeferredSql, nextSlotSql, outboxPickedSql } from './findOutboxCandidates';

/** A channel setting as `channelPolicy` reads it: a JSON number ≥ 0, else null (the kind's default then). */
const setting = (key: string) =>
  `case when jsonb_typeof(c.channel_settings->'${key}') = 'number' and (c.channel_settings->>'${key}')::float8 >= 0 then (c.channel_settings->>'${key}')::float8 end`;

/**
 * The common claim as one autocommitted statement (`claimOnHotPath`): the candidates of the ORM
 * claim's first round, locked `SKIP LOCKED`, judged, and, only when every one of them is common,
 * claimed with all the claim's effects; otherwise nothing is changed and the ORM claim decides.
 *
 * Common: a recipient; a reply, or an active worker (or none); a reply, or no quiet hours in the
 * organization; the 24-hour window open (more than a second from its edge) with text or media, or
 * closed with a template and no portfolio messaging limit on the channel (Cloud API `wabaId` and
 * `messagingLimit`). The rest is the ORM claim's: a message is taken
 * when every earlier unsent one to its worker is in the batch (`earlier_unsent`), at most a
 * channel's burst per channel and `:max` in all, channels' rate slots taken all or none (slot rows
 * locked `SKIP LOCKED`: a slot another claim is taking is that claim's), then a token of each
 * recipient's bucket (GCRA, written back), and finally only with every earlier one taken too.
 * The channel policy mirrors `channelPolicy.ts` (defaults bound as `:rates`, `:recipientSpacings`,
 * `:recipientBursts`). Candidates are read from the dispatcher's floors (`outboxFloors.ts`: with
 * none, every queued channel from the start of its range). Answers one row per message claimed, in
 * sending order, each with the batch's `go` (false: nothing done), `read` (candidates read),
 * `wake_at`, `deferred_at` (the earliest deferred row's time) and `floors_read` (per channel and priority read, `[channel, priority, seq]`: the lowest
 * seq picked and not claimed, else one past the highest claimed); one row with a null id when none
 * was claimed.
 */
export const hotClaimStatement = defineSystemStatement(
  'outbox_claim',
  'outbox dispatcher',
  `${outboxPickedSql(true)},
  candidates as (${lockPickedSql(true)}),
  facts as (
    select c.*, row_number() over (order by c.priority, c.bulk_turn nulls first, c.seq) as ord,
           coalesce(${setting('sendRatePerSecond')}, (:rates::jsonb ->> c.channel_kind::text)::float8) as rate,
           coalesce(${setting('recipientSpacingMs')}, (:recipientSpacings::jsonb ->> c.channel_kind::text)::float8) as recipient_interval_ms,
           greatest(1, floor(coalesce(${setting('recipientBurst')}, (:recipientBursts::jsonb ->> c.channel_kind::text)::float8))) as recipient_burst,
           nullif(coalesce(c.worker_phone, case when jsonb_typeof(c.payload->'to') = 'string' then c.payload->>'to' end), '') as recipient,
           case when c.channel_kind in ('console', 'baileys') or c.worker_id is null or c.last_inbound_at > :windowOpenAfter::timestamptz then 'open'
                when c.last_inbound_at is null or c.last_inbound_at < :windowClosedBefore::timestamptz then 'closed'
           end as window_state
      from candidates c
  ),
  judged as (
    select f.*,
           case when f.rate > 0 then 1000 / f.rate else 0 end as spacing_ms,
           case when f.rate > 0 then greatest(1, floor(f.rate / 10)) end as burst,
           coalesce(f.recipient is not null
             and (f.priority = 0 or f.worker_id is null or f.worker_status = 'active')
             and (f.priority = 0 or coalesce(jsonb_typeof(f.organization_settings->'quietHours'), 'null') = 'null')
             and (f.window_state = 'open' and (coalesce(f.body, '') <> '' or jsonb_typeof(f.payload->'media') = 'object')
                  or f.window_state = 'closed' and jsonb_typeof(f.payload->'template') = 'object'
                     and not (f.channel_kind = 'cloud_api' and jsonb_typeof(f.channel_settings->'wabaId') = 'string'
                              and jsonb_typeof(f.channel_settings->'messagingLimit') = 'number')), false) as common,
           coalesce(f.earlier_unsent <@ (select array_agg(id) from candidates), false) as earlier_in_batch
      from facts f
  ),
  within_burst as (
    select j.*, j.in_channel - 1 as slot_index
      from (select j.*, row_number() over (partition by j.channel_id order by j.ord) as in_channel from judged j where j.earlier_in_batch) j
     where j.burst is null or j.in_channel <= j.burst
     order by j.ord
     limit :max
  ),
  wanted_slots as (
    select channel_id, organization_id, max(spacing_ms) as spacing_ms, count(*) as taken from within_burst where spacing_ms > 0 group by channel_id, organization_id
  ),
  gate as (
    select coalesce(bool_and(j.common), true) as go, count(*) as read
      from judged j
  ),
  free_slots as (
    select s.channel_id from channel_send_slots s join wanted_slots w on w.channel_id = s.channel_id
     where s.next_slot_at <= :now and (select go from gate)
     order by s.channel_id
     for no key update of s skip locked
  ),
  taken_slots as (
    update channel_send_slots s set next_slot_at = :now::timestamptz + make_interval(secs => w.spacing_ms * w.taken / 1000)
      from wanted_slots w
     where w.channel_id = s.channel_id and s.channel_id in (select channel_id from free_slots)
    returning s.channel_id, s.next_slot_at
  ),
  -- A channel's first send makes its slot row, already taken (a claim making it at the same time takes nothing).
  made_slots as (
    insert into channel_send_slots (channel_id, organization_id, next_slot_at)
    select w.channel_id, w.organization_id, :now::timestamptz + make_interval(secs => w.spacing_ms * w.taken / 1000) from wanted_slots w
     where (select go from gate) and not exists (select 1 from channel_send_slots s where s.channel_id = w.channel_id)
     order by w.channel_id
    on conflict (channel_id) do nothing
    returning channel_id, next_slot_at
  ),
  granted_slots as (select channel_id, next_slot_at from taken_slots union all select channel_id, next_slot_at from made_slots),
  granted as (
    select p.* from within_burst p
     where (p.spacing_ms = 0 and (select go from gate)) or p.channel_id in (select channel_id from granted_slots)
  ),
  tokens as (
    select t.*,
           case when t.blocked_until > :now then t.blocked_until
                when t.due - :now::timestamptz > t.tolerance then t.due - t.tolerance end as refused_until
      from (select g.id, g.channel_id, g.organization_id, g.recipient, g.recipient_interval_ms, b.backoff_exponent, b.blocked_until,
                   greatest(coalesce(b.full_at, '-infinity'), :now::timestamptz)
                     + make_interval(secs => (row_number() over (partition by g.channel_id, g.recipient order by g.ord) - 1) * g.recipient_interval_ms / 1000) as due,
                   make_interval(secs => (g.recipient_burst - 1) * g.recipient_interval_ms / 1000) as tolerance
              from granted g
              left join recipient_pacing b on b.channel_id = g.channel_id and b.recipient = g.recipient
             where g.recipient_interval_ms > 0) t
  ),
  paced as (
    insert into recipient_pacing (channel_id, recipient, organization_id, full_at, backoff_exponent, blocked_until)
    select channel_id, recipient, organization_id, max(due + make_interval(secs => recipient_interval_ms / 1000)), coalesce(backoff_exponent, 0), blocked_until
      from tokens where refused_until is null
     group by channel_id, recipient, organization_id, backoff_exponent, blocked_until
     order by channel_id, recipient
    on conflict (channel_id, recipient) do update
      set full_at = excluded.full_at, backoff_exponent = excluded.backoff_exponent, blocked_until = excluded.blocked_until
    returning 1
  ),
  passed as (
    select g.id from granted g where not exists (select 1 from tokens t where t.id = g.id and t.refused_until is not null)
  ),
  claimable as (
    select g.* from granted g
     where g.id in (select id from passed)
       and not exists (select 1 from unnest(g.earlier_unsent) e(id) where e.id not in (select id from passed))
  ),
  marked as (
    update messages m set status = 'sending', claimed_at = :now, attempts = m.attempts + 1, next_attempt_at = null
      from claimable c where m.id = c.id and m.created_at = c.created_at and m.created_at >= :queuedSince::timestamptz
    returning m.id
  ),
  bulk_turn as (
    insert into bulk_turns (organization_id, last_claimed_at)
    select organization_id, clock_timestamp() from (select distinct organization_id from claimable where priority = 2 order by organization_id) o
    on conflict (organization_id) do update set last_claimed_at = excluded.last_claimed_at
    returning 1
  ),
  deferred (at) as (${nextDeferredSql}),
  summary as (
    select g.go, g.read, least(
             (select min(refused_until) from tokens),
             (select min(:now::timestamptz + make_interval(secs => w.spacing_ms / 1000)) from wanted_slots w
               where w.channel_id not in (select channel_id from granted_slots)),
             (select min(t.next_slot_at) from granted_slots t
               where exists (select 1 from judged j where j.channel_id = t.channel_id and j.id not in (select id from claimable))),
             case when (select count(*) from marked) < :max then least((${nextSlotSql}), (select at from deferred)) end
           ) as wake_at,
           (select at from deferred) as deferred_at,
           (select coalesce(jsonb_agg(jsonb_build_array(f.channel_id, f.priority, f.floor)), '[]')
              from (select p.channel_id, p.priority, coalesce(min(p.seq) filter (where k.id is null), max(p.seq) + 1) as floor
                      from picked p left join marked k on k.id = p.id
                     group by p.channel_id, p.priority) f) as floors_read
      from gate g
  )
  select s.go, s.read::int as read, s.wake_at, s.deferred_at, s.floors_read, c.id, c.seq, c.organization_id, c.channel_id, c.worker_id, c.conversation_id, c.priority, c.attempts,
         c.possibly_duplicate, c.body, c.payload, c.created_at, c.channel_kind, c.channel_settings, c.channel_status, c.channel_updated_at,
         c.channel_health_marked, c.worker_phone, c.worker_timezone, c.worker_status, c.organization_settings, c.last_inbound_at,
         c.slot_index * c.spacing_ms as slot_offset_ms
    from summary s
    left join (claimable c join marked k on k.id = c.id) on true
   order by c.ord`,
);
