import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Each organization's history cutoff: its messages created before it are archived; null keeps them all (no retention set). */
export type HistoryCutoffs = Map<string, Date | null>;

/** Every organization's cutoff at `now`, from its `historyRetentionDays` setting. */
export async function historyCutoffs(system: EntityManager, now: Date): Promise<HistoryCutoffs> {
  const rows = await scopedSql<{ id: string; days: number | null }>(system, `select id, (settings->>'historyRetentionDays')::int as days from organizations`);
  return new Map(rows.map((row) => [row.id, row.days === null ? null : new Date(now.getTime() - row.days * DAY_MS)]));
}
