import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { loadActiveRules } from './loadActiveRules';
import { readOwnRank } from './readLeaderboard';

/** A worker's place on this week's board, as the organization's rules allow it to be told. */
export type OwnWeeklyRank =
  | { allowed: false }
  | { allowed: true; among: string | null; rank: { rank: number; total: number; points: number } | null };

/**
 * The worker's own rank this week (their local week), among the workers sharing the attribute the
 * rules name (`ownRank.among`, e.g. their site) or the whole organization; `allowed: false` when
 * the rules do not let workers ask.
 */
export async function readOwnWeeklyRank(em: EntityManager, workerId: string, now: number): Promise<OwnWeeklyRank> {
  const { rules } = await loadActiveRules(em);
  if (!rules.ownRank) return { allowed: false };
  const among = rules.ownRank.among;
  const [worker] = await scopedSql<{ value: string | null; timezone: string }>(
    em,
    `select w.attributes ->> :among::text as value, coalesce(w.timezone, o.settings ->> 'timezone', 'UTC') as timezone
       from workers w join organizations o on o.id = w.organization_id where w.organization_id = :organization_id and w.id = :worker`,
    { worker: workerId, among: among ?? null },
  );
  const value = among ? worker.value : null;
  // A worker without the attribute is ranked in the whole organization.
  const scope = { period: 'week' as const, ...(among && value !== null ? { attribute: { name: among, value } } : {}) };
  return { allowed: true, among: value, rank: await readOwnRank(em, workerId, scope, now, worker.timezone) };
}
