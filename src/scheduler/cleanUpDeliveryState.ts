import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';

/**
 * Forgets bookkeeping nobody will read again: cron run records and statuses for unknown provider
 * ids older than `keepMs` (wall clock; default 7 days). Runs once per cluster (a cron job).
 */
export async function cleanUpDeliveryState(orm: MikroORM, keepMs = 7 * 24 * 60 * 60 * 1000): Promise<{ cronRuns: number; pendingStatuses: number }> {
  const em = asSystem(orm.em, 'delivery cleanup');
  const cutoff = new Date(Date.now() - keepMs);
  const cronRuns = await scopedSql(em, 'delete from cron_runs where started_at < :cutoff returning key', { cutoff });
  const pendingStatuses = await scopedSql(em, 'delete from pending_statuses where received_at < :cutoff returning id', { cutoff });
  return { cronRuns: cronRuns.length, pendingStatuses: pendingStatuses.length };
}
