import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Hands every queued row this processor still holds back to any instance (on a clean stop). */
export async function releaseQueueClaims(system: EntityManager, holder: string): Promise<void> {
  await scopedSql(system, `update inbound_queue set claimed_by = null, claimed_until = null where claimed_by = :holder`, { holder });
}
