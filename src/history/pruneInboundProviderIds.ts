import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * How long an inbound provider id is remembered for deduplication: far beyond any provider's
 * redelivery (Meta retries a webhook for up to 7 days; Twilio within seconds).
 */
export const DEDUPE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Forgets inbound provider ids received before the dedupe window (business time `now`); returns how many. */
export async function pruneInboundProviderIds(system: EntityManager, now: Date): Promise<number> {
  const [row] = await scopedSql<{ removed: number }>(
    system,
    'with gone as (delete from inbound_provider_ids where received_at < :cutoff returning 1) select count(*)::int as removed from gone',
    { cutoff: new Date(now.getTime() - DEDUPE_WINDOW_MS) },
  );
  return row.removed;
}
