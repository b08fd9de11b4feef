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

/**
 * Replays a delivery of the endpoint: a new pending delivery of the same event (same `webhook-id`,
 * so the receiver can tell it is the same event), sent by the next round. Answers its id, or
 * undefined when no such delivery is the endpoint's.
 */
export async function replayDelivery(em: EntityManager, endpointId: string, deliveryId: string, now: number): Promise<string | undefined> {
  const [row] = await scopedSql<{ id: string }>(
    em,
    `insert into event_deliveries (organization_id, event_id, worker_id, target, endpoint_id, next_attempt_at, replay_of)
     select organization_id, event_id, worker_id, 'webhook', endpoint_id, :now, id from event_deliveries
      where organization_id = :organization_id and endpoint_id = :endpoint and id = :delivery::bigint
     returning id::text`,
    { endpoint: endpointId, delivery: deliveryId, now: new Date(now) },
  );
  return row?.id;
}
