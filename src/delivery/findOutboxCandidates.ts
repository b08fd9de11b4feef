import type { EntityManager } from '@mikro-orm/postgresql';
import { SERVICE_WINDOW_MS } from '../channels/channelPolicy';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { OutboxCandidate } from './outboxRow';

export interface CandidateFilter {
  /** Channels that gave this claim all it takes from one channel (their burst). */
  skipChannels: string[];
  /** Rows already looked at in this claim. */
  skipIds: string[];
  limit: number;
  /** Business time, epoch ms. */
  now: number;
  /** Earlier queued rows due before this (epoch ms) keep later ones to the same worker waiting. */
  orderHorizon: number;
  /** This instance's Baileys lease holder: only Baileys channels it holds are candidates. */
  baileysHolder?: string;
}

/**
 * The claim reads queued rows created at or after `:queuedSince` only: a bound on the partition
 * key, so a generic plan starts only the months from there on, however many are kept (the
 * dispatcher binds `outbox_queued_since`'s answer, from its last full scan: `outboxFloors.ts`; the
 * ORM claim binds '-infinity'). Not the look for a picked row's earlier unsent ones
 * (`earlier_unsent`): a row queued since with an older `created_at` (a reply to a webhook the
 * spool replays after an outage is created at the webhook's time) waits for the next question,
 * and the worker's later messages wait behind it.
 */
const sinceQueued = (alias: string) => `${alias}created_at >= :queuedSince::timestamptz`;

/**
 * The channels with queued rows: a skip scan of messages_channel_outbox_index, one index probe per
 * channel. Ordered by the index's whole key, which only that partial index gives without a sort:
 * ordered by channel alone, a generic plan made on statistics without queued rows walked the
 * (channel, direction, created_at) index instead, reading every sent message of the channel.
 */
const skipScan = (name: string, gate = '') => `${name} as (
    (select channel_id from messages where status = 'queued' and ${sinceQueued('')}${gate} order by channel_id, priority, seq limit 1)
    union all
    select (select m.channel_id from messages m where m.status = 'queued' and ${sinceQueued('m.')} and m.channel_id > q.channel_id order by m.channel_id, m.priority, m.seq limit 1)
      from ${name} q where q.channel_id is not null
  )`;

const queuedChannels = `
  with recursive ${skipScan('queued_channels')}`;

const priorities = `'{${Object.values(messagePriorities).join(',')}}'::smallint[]`;

/**
 * With floors (`:floorChannels`, `:floorPriorities`, `:floorSeqs`: the dispatcher's `outboxFloors`),
 * the queued channels are the floors' channels with a queued row at or above the floor of one of
 * their priorities (no floor: from the start), each probe positioned past the index's entries of
 * rows queued and claimed before (dead until a vacuum). Without floors, the skip scan of every channel.
 */
const flooredQueuedChannels = `
  with recursive ${skipScan('skipped_channels', ' and cardinality(:floorChannels::uuid[]) = 0')},
  floors as (
    select f.channel_id, f.priority, f.seq from unnest(:floorChannels::uuid[], :floorPriorities::smallint[], :floorSeqs::bigint[]) f(channel_id, priority, seq)
  ),
  channel_floors as (
    select k.channel_id, pr.priority, coalesce(f.seq, 0) as floor
      from (select distinct channel_id from floors) k
     cross join unnest(${priorities}) pr(priority)
      left join floors f on f.channel_id = k.channel_id and f.priority = pr.priority
  ),
  queued_channels as (
    select channel_id from skipped_channels where channel_id is not null
    union all
    -- A probe per floor (limit 1: never a semi-join, which hashed every entry of the index)
    select distinct cf.channel_id from channel_floors cf
     cross join lateral (select 1 from messages m
                          where m.status = 'queued' and ${sinceQueued('m.')} and m.channel_id = cf.channel_id and m.priority = cf.priority and m.seq >= cf.floor limit 1) queued
  )`;

/**
 * The queued channels worth reading now (healthy: an unhealthy channel's sends are paused; not
 * full in this claim, rate slot due, Baileys only where this instance holds the socket), each with
 * when its organization's bulk was last served, and the channel's and organization's facts the send
 * decision needs: read once per channel here, not again for each of its rows.
 */
const readyChannels = (floored: boolean) => `${floored ? flooredQueuedChannels : queuedChannels},
  ready_channels as (
    select q.channel_id, t.last_claimed_at as bulk_turn,
           c.kind as channel_kind, c.settings as channel_settings, c.status as channel_status, c.updated_at as channel_updated_at,
           (c.health_failures > 0 or c.health_status = 'unhealthy') as channel_health_marked,
           o.settings as organization_settings
      from queued_channels q
      join channels c on c.id = q.channel_id
      join organizations o on o.id = c.organization_id
      left join bulk_turns t on t.organization_id = c.organization_id
     where not (q.channel_id = any(:skipChannels::uuid[]))
       and c.health_status = 'healthy'
       and not exists (select 1 from channel_send_slots s where s.channel_id = q.channel_id and s.next_slot_at > :now)
       and (c.kind <> 'baileys' or exists (select 1 from baileys_leases l
             where l.channel_id = q.channel_id and l.holder = :baileysHolder::text and l.expires_at > :now))
  )`;

const dueRowConditions = `m.status = 'queued' and ${sinceQueued('m.')} and m.direction = 'outbound'
            and (m.next_attempt_at is null or m.next_attempt_at <= :now)
            and not (m.id = any(:skipIds::uuid[]))
            -- proactive messages of a paused program wait for it to resume
            and not (m.priority = 1 and exists (select 1 from conversations cv join worker_assignments wa on wa.id = cv.worker_assignment_id
                       join programs p on p.id = wa.program_id where cv.id = m.conversation_id and p.status = 'paused'))`;

/** A ready channel's due rows: one range of the index; with floors, one per priority, each from its floor. */
const channelRows = (floored: boolean) => floored
  ? `select m.id, m.created_at, m.priority, m.seq
         from unnest(${priorities}) pr(priority)
         left join floors f on f.channel_id = r.channel_id and f.priority = pr.priority
        cross join lateral (
          select m.id, m.created_at, m.priority, m.seq from messages m
           where m.channel_id = r.channel_id and m.priority = pr.priority and m.seq >= coalesce(f.seq, 0) and ${dueRowConditions}
           order by m.seq
           limit :limit) m
        order by m.priority, m.seq
        limit :limit`
  : `select m.id, m.created_at, m.priority, m.seq from messages m
          where m.channel_id = r.channel_id and ${dueRowConditions}
          order by m.priority, m.seq
          limit :limit`;

/**
 * The CTEs up to `picked`: the rows to lock, in sending order, each with its `channel_id`.
 * `floored`: read from the floors' parameters (`flooredQueuedChannels`), as the hot claim does.
 */
export function outboxPickedSql(floored: boolean): string {
  return `${readyChannels(floored)},
     picked as (
       select p.id, p.created_at, r.channel_id, p.priority, case when p.priority = 2 then r.bulk_turn end as bulk_turn, p.seq,
              r.channel_kind, r.channel_settings, r.channel_status, r.channel_updated_at, r.channel_health_marked, r.organization_settings
         from ready_channels r
       cross join lateral (
         ${channelRows(floored)}) p
       order by p.priority, bulk_turn nulls first, p.seq
       limit :limit
     )`;
}

/**
 * The worker's inbound messages that can still hold the 24-hour window open (an hour either side
 * to spare): a bound on the partition key, so the probe reads this month's partition, not every
 * month of history (older ones answer null, a closed window, as they would anyway).
 */
const recentInbound = `i.created_at > :now::timestamptz - interval '${SERVICE_WINDOW_MS / 3_600_000 + 1} hours' and i.created_at < :now::timestamptz + interval '1 hour'`;

/**
 * Queued outbound rows that are due, in sending order, locked FOR NO KEY UPDATE SKIP LOCKED (rows another
 * instance is claiming are passed over), with the worker, organization and channel facts the send
 * decision needs (and `picked.bulk_turn` as `bulk_turn` with `withBulkTurn`, for a caller that orders
 * them again). System scope. Parameters: `:now`, `:horizon`, `:skipChannels`, `:skipIds`, `:limit`,
 * `:baileysHolder`, `:queuedSince` (as `findOutboxCandidates` binds them). The select after `outboxPickedSql`.
 *
 * The order: replies, then proactive messages, oldest first; then bulk, the organization whose bulk
 * was served longest ago first (round-robin between organizations). Rows are read per ready channel
 * (a range of messages_channel_outbox_index each), so a channel whose rate limit is spent costs
 * nothing however many rows it has queued; the picked rows are then locked and re-checked (by id
 * and created_at: one partition's index each).
 */
export function lockPickedSql(withBulkTurn = false): string {
  return `
     select m.id, m.seq, m.organization_id, m.channel_id, m.worker_id, m.conversation_id, m.priority, m.attempts, m.possibly_duplicate,
            m.body, m.payload, m.created_at,${withBulkTurn ? ' picked.bulk_turn,' : ''}
            picked.channel_kind, picked.channel_settings, picked.channel_status, picked.channel_updated_at, picked.channel_health_marked,
            w.phone_number as worker_phone, w.timezone as worker_timezone, w.status as worker_status,
            picked.organization_settings,
            (select i.created_at from messages i
              where i.worker_id = m.worker_id and i.direction = 'inbound' and i.channel_id = m.channel_id and ${recentInbound}
              order by i.seq desc limit 1) as last_inbound_at,
            array(select e.id from messages e
                   where e.worker_id = m.worker_id and e.direction = 'outbound' and e.status in ('queued', 'sending') and e.seq < m.seq and e.priority <= m.priority
                     and (e.status = 'sending' or (e.next_attempt_at is null or e.next_attempt_at <= :horizon))
                   order by e.seq) as earlier_unsent
       from picked
       join messages m on m.id = picked.id and m.created_at = picked.created_at and ${sinceQueued('m.')}
       left join workers w on w.id = m.worker_id
      -- re-checked once locked: another instance may have claimed the row since it was picked. Written
      -- as \`is true\`, the check cannot make the outbox's partial index (status 'queued') one the join
      -- may take with no condition: planned on a young outbox, it read every queued row per picked row.
      where (m.status = 'queued') is true
      order by picked.priority, picked.bulk_turn nulls first, picked.seq
      for no key update of m skip locked`;
}

/** `outboxPickedSql` and `lockPickedSql` as one statement, without floors (the ORM claim's). */
export function outboxCandidatesSql(withBulkTurn = false): string {
  return `${outboxPickedSql(false)}${lockPickedSql(withBulkTurn)}`;
}

/** The rows of `outboxCandidatesSql`, through the ORM, in the claim transaction. */
export async function findOutboxCandidates(em: EntityManager, filter: CandidateFilter): Promise<OutboxCandidate[]> {
  return scopedSql<OutboxCandidate>(em, outboxCandidatesSql(), {
    now: new Date(filter.now),
    horizon: new Date(filter.orderHorizon),
    // As array literals: the driver would spread a JS array into a list (and an empty one into nothing).
    skipChannels: `{${filter.skipChannels.join(',')}}`,
    skipIds: `{${filter.skipIds.join(',')}}`,
    limit: filter.limit,
    baileysHolder: filter.baileysHolder ?? null,
    queuedSince: '-infinity',
  });
}

/** When the next rate slot of a channel of `queued_channels` (in scope) falls due after `:now`. */
export const nextSlotSql = `select min(s.next_slot_at) from queued_channels q join channel_send_slots s on s.channel_id = q.channel_id where s.next_slot_at > :now`;

/** When the next deferred row (retry, quiet hours, messaging limit) falls due after `:now`. */
export const nextDeferredSql = `select min(next_attempt_at) from messages where status = 'queued' and ${sinceQueued('')} and next_attempt_at > :now`;

/** When the next rate slot of a channel with queued rows, or the next deferred row, falls due after `:now`: the query's `at`. */
export const nextWakeSql = `${queuedChannels}
     select least((${nextSlotSql}), (${nextDeferredSql})) as at`;

/**
 * When something queued may become sendable, epoch ms: the next rate slot of a channel with queued
 * rows, or the next deferred row (retry, quiet hours, messaging limit); undefined when nothing waits.
 */
export async function nextWakeAt(em: EntityManager, now: number): Promise<number | undefined> {
  const [row] = await scopedSql<{ at: Date | null }>(em, nextWakeSql, { now: new Date(now), queuedSince: '-infinity' });
  return row?.at ? new Date(row.at).getTime() : undefined;
}
