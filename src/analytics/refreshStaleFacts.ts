import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { FACTS_MAX_AGE_MS } from './ensureFreshFacts';
import { refreshTouchpointFacts } from './refreshTouchpointFacts';

/** Rebuilds the facts of every running (active or paused) program not rebuilt within a minute, one program per transaction (a system-scope job). */
export async function refreshStaleFacts(system: EntityManager, now: Date): Promise<{ programs: number }> {
  const stale = await scopedSql<{ id: string; organization_id: string }>(
    system,
    `select p.id, p.organization_id from programs p left join analytics_refreshes r on r.program_id = p.id
      where p.status in ('active', 'paused') and not p.simulated and (r.refreshed_at is null or r.refreshed_at < :before)
      order by r.refreshed_at nulls first limit 500`,
    { before: new Date(now.getTime() - FACTS_MAX_AGE_MS) },
  );
  for (const program of stale) await refreshTouchpointFacts(forOrganization(system, program.organization_id), program.id, now);
  return { programs: stale.length };
}
