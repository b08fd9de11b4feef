import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { RolledUp } from './refreshRollups';
import { refreshTouchpointFacts } from './refreshTouchpointFacts';

/** Facts older than this are rebuilt when a small program's figures are read. */
export const FACTS_MAX_AGE_MS = 60_000;
/** Programs up to this many enrolments are rebuilt on read (well under a second); larger ones only by the refresh job. */
export const REFRESH_ON_READ_MAX_ENROLLED = 20_000;

/** When a program's facts were rebuilt and what their rollups hold; both null before the first rebuild. */
export interface FactsState {
  refreshedAt: Date | null;
  rolledUp: RolledUp | null;
}

/**
 * When a program's facts were last rebuilt and what was rolled up, rebuilding them first when
 * they are stale and the program is small enough to do it within the request (one query when
 * they are fresh). Null: never built yet (a large program waits for the job).
 */
export async function ensureFreshFacts(em: EntityManager, programId: string, now: Date): Promise<FactsState> {
  // Enrolments are counted only for stale facts, and only up to the limit (a large program's count would cost more than the page).
  const [state] = await scopedSql<{ refreshed_at: Date | null; attributes: string[] | null; combinations: { segmentId: string; attribute: string }[]; small: boolean | null }>(
    em,
    `with refresh as (select refreshed_at, rolled_up_attributes from analytics_refreshes where organization_id = :organization_id and program_id = :program)
     select (select refreshed_at from refresh) as refreshed_at, (select rolled_up_attributes from refresh) as attributes,
            (select coalesce(json_agg(json_build_object('segmentId', segment_id, 'attribute', attribute) order by segment_id, attribute), '[]')
               from analytics_rollup_combinations where organization_id = :organization_id and program_id = :program) as combinations,
            case when coalesce((select refreshed_at from refresh) < :now::timestamptz - :maxAge * interval '1 ms', true)
                 then (select count(*) from (select 1 from worker_assignments where organization_id = :organization_id and program_id = :program limit :limit) a) <= :max end as small`,
    { program: programId, now, maxAge: FACTS_MAX_AGE_MS, limit: REFRESH_ON_READ_MAX_ENROLLED + 1, max: REFRESH_ON_READ_MAX_ENROLLED },
  );
  if (state.small) return { refreshedAt: now, rolledUp: await refreshTouchpointFacts(em, programId, now) };
  if (!state.refreshed_at) return { refreshedAt: null, rolledUp: null };
  return { refreshedAt: new Date(state.refreshed_at), rolledUp: { attributes: state.attributes ?? [], combinations: state.combinations } };
}
