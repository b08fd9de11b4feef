import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { waitForInboundQueueEmpty } from './waitForInboundQueueEmpty';

export interface InboundEffects {
  /** Acknowledged messages whose step had still not run after a minute. */
  stillQueued: number;
  /** Inbound rows stored. */
  received: number;
  /** Workers whose conversation moved a number of times other than 1 + their inbound messages. */
  workersWithWrongTransitions: number;
  /** Distinct counts of outbound messages per worker (one value when every worker got the same replies). */
  outboundPerWorker: number[];
}

/**
 * Exactly-once, read from the database: every stored inbound message moved its worker's
 * conversation once (version = 1 for the start + one per message), and every worker who played
 * the same messages got the same number of replies. Read once the acknowledged messages ran their steps.
 */
export async function checkInboundEffects(orm: MikroORM, organizationId: string): Promise<InboundEffects> {
  const stillQueued = await waitForInboundQueueEmpty(orm, organizationId, 60_000);
  const em = forOrganization(orm.em, organizationId);
  const rows = await scopedSql<{ inbound: number; version: number; outbound: number }>(
    em,
    `select (select count(*)::int from messages m where m.organization_id = :organization_id and m.worker_id = w.id and m.direction = 'inbound') as inbound,
            (select coalesce(sum(c.version), 0)::int from conversations c where c.organization_id = :organization_id and c.worker_id = w.id) as version,
            (select count(*)::int from messages m where m.organization_id = :organization_id and m.worker_id = w.id and m.direction = 'outbound') as outbound
       from workers w where w.organization_id = :organization_id`,
  );
  return {
    stillQueued,
    received: rows.reduce((sum, row) => sum + row.inbound, 0),
    workersWithWrongTransitions: rows.filter((row) => row.version !== 1 + row.inbound).length,
    outboundPerWorker: [...new Set(rows.map((row) => row.outbound))].sort((a, b) => a - b),
  };
}

/** `checkInboundEffects` once `expected` inbound messages are stored (spooled ones are replayed a second or two after the database returns), or after `limitMs`. */
export async function waitForInboundEffects(orm: MikroORM, organizationId: string, expected: number, limitMs: number): Promise<InboundEffects> {
  const deadline = Date.now() + limitMs;
  let effects = await checkInboundEffects(orm, organizationId);
  while (effects.received < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    effects = await checkInboundEffects(orm, organizationId);
  }
  return effects;
}
