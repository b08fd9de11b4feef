import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** How long a delivery's body is kept in the log, ms (7 days). */
export const DELIVERY_BODY_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * The cron coordinator's clean-up: blanks the bodies of deliveries older than 7 days (status,
 * answer time and error stay in the log), and deletes finished events older than that with
 * nothing left on its way (their deliveries go with them). Answers how many of each.
 */
export async function pruneDeliveryBodies(system: EntityManager, now: number): Promise<{ bodies: number; events: number }> {
  const before = new Date(now - DELIVERY_BODY_RETENTION_MS);
  const bodies = await scopedSql(system, `update event_deliveries set body = null where body is not null and created_at < :before returning id`, { before });
  const events = await scopedSql(
    system,
    `delete from domain_events ev where ev.created_at < :before
        and not exists (select 1 from event_deliveries d where d.event_id = ev.id and d.status in ('pending', 'sending'))
      returning ev.id`,
    { before: new Date(now - 4 * DELIVERY_BODY_RETENTION_MS) },
  );
  return { bodies: bodies.length, events: events.length };
}
