import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Extends the lease of every queued row this processor holds (its heartbeat while it runs them). */
export async function extendHeldLeases(system: EntityManager, holder: string, until: Date): Promise<void> {
  await scopedSql(system, `update inbound_queue set claimed_until = :until where claimed_by = :holder`, { holder, until });
}
