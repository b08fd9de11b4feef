import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { StoredEvent } from './buildEventEnvelope';

/** A webhook delivery claimed for one attempt. */
export interface ClaimedWebhook extends StoredEvent {
  id: string;
  /** This attempt's number, from 1. */
  attempts: number;
  endpoint_id: string;
  url: string;
  secret_ciphertext: string;
}

/**
 * Claims due webhook deliveries of enabled endpoints (`SKIP LOCKED`, so instances share the work),
 * oldest event first, marking them `sending` until `leaseUntil`: a delivery a crashed instance left
 * `sending` is due again then. A delivery waits while an earlier event of the same worker to the
 * same endpoint is still on its way, so each worker's events arrive in order.
 */
export async function claimDueWebhooks(system: EntityManager, now: number, leaseUntil: number, limit: number): Promise<ClaimedWebhook[]> {
  return scopedSql<ClaimedWebhook>(
    system,
    `with due as (
       select d.id from event_deliveries d
         join webhook_endpoints ep on ep.id = d.endpoint_id and ep.enabled
        where d.target = 'webhook' and d.status in ('pending', 'sending') and d.next_attempt_at <= :now
          and not exists (
            select 1 from event_deliveries earlier
             where earlier.endpoint_id = d.endpoint_id and earlier.worker_id = d.worker_id
               and earlier.event_id < d.event_id and earlier.status in ('pending', 'sending'))
        order by d.event_id, d.id
        limit :limit
        for update of d skip locked)
     update event_deliveries d set status = 'sending', attempts = d.attempts + 1, next_attempt_at = :lease
       from due, domain_events ev, webhook_endpoints ep
      where d.id = due.id and ev.id = d.event_id and ep.id = d.endpoint_id
     returning d.id, d.attempts, d.endpoint_id, ep.url, ep.secret_ciphertext,
               ev.event_id, ev.organization_id, ev.worker_id, ev.type, ev.occurred_at, ev.data`,
    { now: new Date(now), lease: new Date(leaseUntil), limit },
  );
}
