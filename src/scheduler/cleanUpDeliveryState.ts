import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import { expirePortfolioRecipients } from '../delivery/expirePortfolioRecipients';

/**
 * Forgets bookkeeping nobody will read again: cron run records and statuses for unknown provider
 * ids older than `keepMs` (wall clock; default 7 days), pair-rate buckets full again, and the messaging limit's recipients that
 * left its 24-hour window (portfolios that stopped sending keep none). Runs once per cluster (a cron job).
 */
export async function cleanUpDeliveryState(orm: MikroORM, keepMs = 7 * 24 * 60 * 60 * 1000): Promise<{ cronRuns: number; pendingStatuses: number; portfolioRecipients: number }> {
  const em = asSystem(orm.em, 'delivery cleanup');
  const now = Date.now();
  const cutoff = new Date(now - keepMs);
  const cronRuns = await scopedSql(em, 'delete from cron_runs where started_at < :cutoff returning key', { cutoff });
  const pendingStatuses = await scopedSql(em, 'delete from pending_statuses where received_at < :cutoff returning id', { cutoff });
  // A recipient's pair-rate bucket that is full again and not backing off is the same as none.
  await scopedSql(em, 'delete from recipient_pacing where full_at < :now and (blocked_until is null or blocked_until < :now)', { now: new Date(now) });
  let portfolioRecipients = 0;
  const portfolios = await scopedSql<{ waba_id: string }>(em, 'select waba_id from portfolio_counts where recipients > 0');
  for (const { waba_id: wabaId } of portfolios) {
    // One short transaction per portfolio: its count stays locked only while its rows go.
    portfolioRecipients += (await em.transactional((tx) => expirePortfolioRecipients(tx, wabaId, now))).expired;
  }
  return { cronRuns: cronRuns.length, pendingStatuses: pendingStatuses.length, portfolioRecipients };
}
