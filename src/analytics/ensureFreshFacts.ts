import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { refreshTouchpointFacts } from './refreshTouchpointFacts';

/** Facts older than this are rebuilt when a small program's figures are read. */
export const FACTS_MAX_AGE_MS = 60_000;
/** Programs up to this many enrolments are rebuilt on read (well under a second); larger ones only by the refresh job. */
export const REFRESH_ON_READ_MAX_ENROLLED = 20_000;

/**
 * When a program's facts were last rebuilt, rebuilding them first when they are stale and the
 * program is small enough to do it within the request. Null: never built yet (a large program
 * waits for the job).
 */
export async function ensureFreshFacts(em: EntityManager, programId: string, now: Date): Promise<Date | null> {
  const [state] = await scopedSql<{ refreshed_at: Date | null; enrolled: number }>(
    em,
    `select (select refreshed_at from analytics_refreshes where organization_id = :organization_id and program_id = :program) as refreshed_at,
            (select count(*)::int from worker_assignments where organization_id = :organization_id and program_id = :program) as enrolled`,
    { program: programId },
  );
  const refreshedAt = state.refreshed_at ? new Date(state.refreshed_at) : null;
  const stale = refreshedAt === null || now.getTime() - refreshedAt.getTime() > FACTS_MAX_AGE_MS;
  if (!stale || state.enrolled > REFRESH_ON_READ_MAX_ENROLLED) return refreshedAt;
  await refreshTouchpointFacts(em, programId, now);
  return now;
}
