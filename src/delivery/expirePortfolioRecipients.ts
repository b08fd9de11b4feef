import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** The messaging limit's moving window. */
export const PORTFOLIO_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Locks a portfolio's running count (`portfolio_counts`, made on first use) for the rest of the
 * caller's transaction, deletes its recipients messaged a window or more before `now` (epoch ms;
 * an index range on (waba_id, opened_at), each row deleted once) and lowers the count by as many.
 * Answers the portfolio's count (its recipients within the window) and how many left it. System scope.
 */
export async function expirePortfolioRecipients(em: EntityManager, wabaId: string, now: number): Promise<{ count: number; expired: number }> {
  await scopedSql(em, 'insert into portfolio_counts (waba_id, recipients) values (:waba, 0) on conflict (waba_id) do nothing', { waba: wabaId });
  await scopedSql(em, 'select 1 from portfolio_counts where waba_id = :waba for no key update', { waba: wabaId });
  const [row] = await scopedSql<{ count: number; expired: number }>(
    em,
    `with gone as (delete from portfolio_recipients where waba_id = :waba and opened_at <= :since returning 1)
     update portfolio_counts set recipients = recipients - (select count(*) from gone)::int where waba_id = :waba
     returning recipients as count, (select count(*) from gone)::int as expired`,
    { waba: wabaId, since: new Date(now - PORTFOLIO_WINDOW_MS) },
  );
  return row;
}
