import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

const DAY_MS = 24 * 60 * 60 * 1000;

export type PortfolioReservation = { ok: true } | { ok: false; /** When a place frees up, epoch ms. */ retryAt: number; count: number };

/**
 * The Cloud API messaging limit: a business portfolio (WhatsApp Business Account) may message at
 * most `limit` unique users outside their customer-service window in a moving 24 hours, shared by
 * all its numbers. Reserves `recipient` in the portfolio's count at `now` (epoch ms) if it is
 * already counted or there is room, in the caller's claim transaction (system scope), serialized
 * per portfolio with a transaction-scoped advisory lock so instances never overshoot together.
 */
export async function reservePortfolioRecipient(em: EntityManager, wabaId: string, limit: number, recipient: string, now: number): Promise<PortfolioReservation> {
  const since = new Date(now - DAY_MS);
  await scopedSql(em, `select pg_advisory_xact_lock(hashtext('portfolio/' || :waba))`, { waba: wabaId });
  const [state] = await scopedSql<{ counted: boolean; count: number; oldest: Date | null }>(
    em,
    `select exists (select 1 from portfolio_recipients where waba_id = :waba and recipient = :recipient and opened_at > :since) as counted,
            count(*)::int as count, min(opened_at) as oldest
       from portfolio_recipients where waba_id = :waba and opened_at > :since`,
    { waba: wabaId, recipient, since },
  );
  if (!state.counted && state.count >= limit) {
    return { ok: false, retryAt: (state.oldest ? new Date(state.oldest).getTime() : now) + DAY_MS, count: state.count };
  }
  if (!state.counted) {
    await scopedSql(
      em,
      `insert into portfolio_recipients (waba_id, recipient, opened_at) values (:waba, :recipient, :now)
       on conflict (waba_id, recipient) do update set opened_at = excluded.opened_at`,
      { waba: wabaId, recipient, now: new Date(now) },
    );
  }
  return { ok: true };
}

/** The portfolio and its limit from a Cloud API channel's settings (`wabaId`, `messagingLimit`), when both are set. */
export function portfolioLimitOf(settings: Record<string, unknown>): { wabaId: string; limit: number } | undefined {
  const { wabaId, messagingLimit } = settings;
  if (typeof wabaId !== 'string' || typeof messagingLimit !== 'number' || !Number.isFinite(messagingLimit)) return undefined;
  return { wabaId, limit: messagingLimit };
}
