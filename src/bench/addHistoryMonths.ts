import type { EntityManager } from '@mikro-orm/postgresql';
import { ensureMessagePartitions } from '../history/ensureMessagePartitions';

/**
 * The `messages` partitions of the `months` months before `now`'s (empty), as a deployment that
 * keeps that much history has them: a statement that does not bound `created_at` probes and
 * starts a plan node for every one of them.
 */
export async function addHistoryMonths(system: EntityManager, now: Date, months: number): Promise<void> {
  if (months === 0) return;
  await ensureMessagePartitions(system, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1)), months);
}
