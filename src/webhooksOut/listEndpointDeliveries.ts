import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** One line of an endpoint's delivery log. */
export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  workerId: string | null;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  /** The endpoint's last HTTP status, null when none came. */
  lastStatus: number | null;
  /** Time to its last answer, ms. */
  answerMs: number | null;
  lastError: string | null;
  /** The JSON sent, kept 7 days (then null). */
  body: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** The delivery this one replays. */
  replayOf: string | null;
}

interface LogRow {
  id: string;
  event_id: string;
  type: string;
  worker_id: string | null;
  status: DeliveryLogEntry['status'];
  attempts: number;
  last_status: number | null;
  answer_ms: number | null;
  last_error: string | null;
  body: string | null;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
  replay_of: string | null;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/** An endpoint's deliveries, newest first, keyset-paged by id (`before`), optionally of one status. */
export async function listEndpointDeliveries(
  em: EntityManager,
  endpointId: string,
  page: { limit: number; before?: string; status?: DeliveryLogEntry['status'] },
): Promise<{ deliveries: DeliveryLogEntry[]; nextCursor: string | null }> {
  const rows = await scopedSql<LogRow>(
    em,
    `select d.id::text, ev.event_id, ev.type, d.worker_id, d.status, d.attempts, d.last_status, d.answer_ms, d.last_error, d.body,
            d.next_attempt_at, d.created_at, d.delivered_at, d.replay_of::text
       from event_deliveries d join domain_events ev on ev.id = d.event_id
      where d.organization_id = :organization_id and d.endpoint_id = :endpoint
        and (:before::bigint is null or d.id < :before::bigint) and (:status::text is null or d.status = :status)
      order by d.id desc limit :limit`,
    { endpoint: endpointId, before: page.before ?? null, status: page.status ?? null, limit: page.limit + 1 },
  );
  const deliveries = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    eventId: row.event_id,
    eventType: row.type,
    workerId: row.worker_id,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    answerMs: row.answer_ms,
    lastError: row.last_error,
    body: row.body,
    nextAttemptAt: row.status === 'pending' || row.status === 'sending' ? iso(row.next_attempt_at) : null,
    createdAt: new Date(row.created_at).toISOString(),
    deliveredAt: iso(row.delivered_at),
    replayOf: row.replay_of,
  }));
  return { deliveries, nextCursor: rows.length > page.limit ? (deliveries.at(-1)?.id ?? null) : null };
}

/** What a replay did: the new delivery, or why there is none. */
export type ReplayOutcome = { id: string } | { refused: 'not_found' } | { refused: 'in_flight'; status: string };

/**
 * Queues a delivered or failed delivery of the endpoint again as a new one (same event, so the
 * same `webhook-id`). One still pending or sending is refused: it is on its way already, and a
 * replay beside it would send the event twice at once.
 */
export async function replayDelivery(em: EntityManager, endpointId: string, deliveryId: string, now: number): Promise<ReplayOutcome> {
  const [row] = await scopedSql<{ id: string | null; status: string }>(
    em,
    `with original as (
       select id, organization_id, event_id, worker_id, endpoint_id, status from event_deliveries
        where organization_id = :organization_id and endpoint_id = :endpoint and id = :delivery::bigint),
     replayed as (
       insert into event_deliveries (organization_id, event_id, worker_id, target, endpoint_id, next_attempt_at, replay_of)
       select organization_id, event_id, worker_id, 'webhook', endpoint_id, :now, id from original where status in ('delivered', 'failed')
       returning id::text)
     select (select id from replayed) as id, status from original`,
    { endpoint: endpointId, delivery: deliveryId, now: new Date(now) },
  );
  if (!row) return { refused: 'not_found' };
  return row.id ? { id: row.id } : { refused: 'in_flight', status: row.status };
}
