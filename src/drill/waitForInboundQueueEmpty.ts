import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';

/** The organization's acknowledged messages whose step has not run yet. */
export async function countInboundQueued(orm: MikroORM, organizationId: string): Promise<number> {
  const [row] = await scopedSql<{ n: number }>(forOrganization(orm.em, organizationId), `select count(*)::int as n from inbound_queue where organization_id = :organization_id`);
  return row.n;
}

/**
 * Waits until every acknowledged message of the organization has run its step (the webhook
 * answers before it runs), or `limitMs` passes; returns how many are still queued.
 */
export async function waitForInboundQueueEmpty(orm: MikroORM, organizationId: string, limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const left = await countInboundQueued(orm, organizationId);
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
