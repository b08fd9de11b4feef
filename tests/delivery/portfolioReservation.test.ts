import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { reservePortfolioRecipient } from '../../src/delivery/reservePortfolioRecipient';
import { cleanUpDeliveryState } from '../../src/scheduler/cleanUpDeliveryState';
import { hours } from '../support/manualClock';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();
const system = (): EntityManager => asSystem(world().deps.orm.em, 'test');

/** Rows of portfolio_recipients read so far in the caller's transaction (table and index scans). */
async function recipientRowsRead(tx: EntityManager): Promise<number> {
  const [row] = await scopedSql<{ read: string }>(
    tx,
    `select (select seq_tup_read + coalesce(idx_tup_fetch, 0) from pg_stat_xact_user_tables where relname = 'portfolio_recipients')
          + (select sum(pg_stat_get_xact_tuples_returned(indexrelid)) from pg_index where indrelid = 'portfolio_recipients'::regclass) as read`,
  );
  return Number(row.read);
}

describe('the messaging limit reservation', () => {
  it('reads a few rows per reservation however many recipients the portfolio counts', async () => {
    const now = world().clock.now();
    await system().transactional(async (tx) => {
      for (let i = 0; i < 200; i++) expect(await reservePortfolioRecipient(tx, 'big', 1000, `+1555${i}`, now)).toEqual({ ok: true });
    });
    const read = await system().transactional(async (tx) => {
      expect(await reservePortfolioRecipient(tx, 'big', 1000, '+19990000001', now)).toEqual({ ok: true });
      expect(await reservePortfolioRecipient(tx, 'big', 1000, '+15557', now)).toEqual({ ok: true });
      return recipientRowsRead(tx);
    });
    expect(read).toBeLessThan(10);
  });

  it('still refuses a new recipient beyond the limit and names when a place frees up', async () => {
    const now = world().clock.now();
    await system().transactional(async (tx) => {
      expect(await reservePortfolioRecipient(tx, 'small', 2, 'a', now)).toEqual({ ok: true });
      expect(await reservePortfolioRecipient(tx, 'small', 2, 'b', now + 1000)).toEqual({ ok: true });
      expect(await reservePortfolioRecipient(tx, 'small', 2, 'a', now + 2000)).toEqual({ ok: true });
      expect(await reservePortfolioRecipient(tx, 'small', 2, 'c', now + 2000)).toEqual({ ok: false, count: 2, retryAt: now + hours(24) });
      // 'a' left the window: 'c' takes its place.
      expect(await reservePortfolioRecipient(tx, 'small', 2, 'c', now + hours(24))).toEqual({ ok: true });
    });
  });

  it("is cleaned by the scheduler's delivery cleanup once out of the window", async () => {
    const now = Date.now();
    await system().transactional(async (tx) => {
      await reservePortfolioRecipient(tx, 'idle', 10, 'old', now - hours(25));
      await reservePortfolioRecipient(tx, 'idle', 10, 'recent', now - hours(1));
    });
    const { portfolioRecipients } = await cleanUpDeliveryState(world().deps.orm);
    expect(portfolioRecipients).toBeGreaterThanOrEqual(1);
    expect(await world().sql(`select recipient from portfolio_recipients where waba_id = 'idle'`)).toEqual([{ recipient: 'recent' }]);
    expect(await world().sql(`select waba_id from portfolio_recipients where opened_at <= now() - interval '24 hours'`)).toEqual([]);
    expect(await world().sql(`select recipients from portfolio_counts where waba_id = 'idle'`)).toEqual([{ recipients: 1 }]);
  });
});
