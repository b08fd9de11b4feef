import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { expirePortfolioRecipients, PORTFOLIO_WINDOW_MS } from './expirePortfolioRecipients';

export type PortfolioReservation = { ok: true } | { ok: false; /** When a place frees up, epoch ms. */ retryAt: number; count: number };

/**
 * The Cloud API messaging limit: a business portfolio (WhatsApp Business Account) may message at
 * most `limit` unique users outside their customer-service window in a moving 24 hours, shared by
 * all its numbers. Reserves `recipient` in the portfolio's count at `now` (epoch ms) if it is
 * already counted or there is room, in the caller's claim transaction (system scope), serialized
 * per portfolio by its `portfolio_counts` row so instances never overshoot together.
 *
 * A few index lookups whatever the portfolio's size: rows older than the window are deleted first
 * (each once, lowering the running count), so a row present is a recipient counted, and the count
 * is the running one.
 */
export async function reservePortfolioRecipient(em: EntityManager, wabaId: string, limit: number, recipient: string, now: number): Promise<PortfolioReservation> {
  const { count } = await expirePortfolioRecipients(em, wabaId, now);
  const [counted] = await scopedSql(em, 'select 1 from portfolio_recipients where waba_id = :waba and recipient = :recipient', { waba: wabaId, recipient });
  if (counted) return { ok: true };
  if (count >= limit) {
    const [oldest] = await scopedSql<{ at: Date | null }>(em, 'select min(opened_at) as at from portfolio_recipients where waba_id = :waba', { waba: wabaId });
    return { ok: false, retryAt: (oldest?.at ? new Date(oldest.at).getTime() : now) + PORTFOLIO_WINDOW_MS, count };
  }
  await scopedSql(em, 'insert into portfolio_recipients (waba_id, recipient, opened_at) values (:waba, :recipient, :now)', { waba: wabaId, recipient, now: new Date(now) });
  await scopedSql(em, 'update portfolio_counts set recipients = recipients + 1 where waba_id = :waba', { waba: wabaId });
  return { ok: true };
}

/** The portfolio and its limit from a Cloud API channel's settings (`wabaId`, `messagingLimit`), when both are set. */
export function portfolioLimitOf(settings: Record<string, unknown>): { wabaId: string; limit: number } | undefined {
  const { wabaId, messagingLimit } = settings;
  if (typeof wabaId !== 'string' || typeof messagingLimit !== 'number' || !Number.isFinite(messagingLimit)) return undefined;
  return { wabaId, limit: messagingLimit };
}
