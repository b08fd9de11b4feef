import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { FACTS_MAX_AGE_MS } from './ensureFreshFacts';
import { refreshTouchpointFacts } from './refreshTouchpointFacts';

/**
 * Rebuilds the facts of every running (active or paused) program not rebuilt within a minute, or
 * within ten times its last rebuild's duration when longer (a 100,000-worker program took ~18 s:
 * rebuilt every 3 minutes, so rebuilding takes at most a tenth of the database's time), one
 * program per transaction (a system-scope job).
 */
export async function refreshStaleFacts(system: EntityManager, now: Date): Promise<{ programs: number }> {
  const stale = await scopedSql<{ id: string; organization_id: string }>(
    system,
    `select p.id, p.organization_id from programs p left join analytics_refreshes r on r.program_id = p.id
      where p.status in ('active', 'paused') and not p.simulated and (r.refreshed_at is null or r.refreshed_at < :now::timestamptz - greatest(:minAge * interval '1 ms', r.took_ms * interval '10 ms'))
      order by r.refreshed_at nulls first limit 500`,
    { now, minAge: FACTS_MAX_AGE_MS },
  );
  for (const program of stale) await refreshTouchpointFacts(forOrganization(system, program.organization_id), program.id, now);
  return { programs: stale.length };
}
