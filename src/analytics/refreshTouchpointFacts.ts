import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { loadProgramTotals } from './programTotals';
import { lockProgramAnalytics } from './lockProgramAnalytics';
import { refreshRollups, type RolledUp } from './refreshRollups';
import { touchpointFactsSql } from './touchpointFactsSql';

/**
 * Rebuilds a program's rows of `analytics_touchpoint_facts` (one per enrolment and touchpoint, by
 * journey and touchpoint key across the journey's versions) in one transaction: readers see the
 * old rows until it commits. Only option ids are copied from answers, never free text, so an
 * erased worker leaves no words behind here. The unfiltered figures are stored beside them
 * (`analytics_refreshes.totals`): the page a manager opens first reads one row; the rollups per
 * segment, attribute value and day (`refreshRollups`) serve the filtered views. Answers what was
 * rolled up.
 */
export async function refreshTouchpointFacts(em: EntityManager, programId: string, now: Date): Promise<RolledUp> {
  const started = performance.now();
  return em.transactional(async (tx) => {
    await lockProgramAnalytics(tx, programId);
    const params = { program: programId };
    await scopedSql(tx, `delete from analytics_touchpoint_facts where organization_id = :organization_id and program_id = :program`, params);
    await scopedSql(tx, touchpointFactsSql, params);
    const totals = await loadProgramTotals(tx, programId, {}, now);
    const rolledUp = await refreshRollups(tx, programId, now);
    await scopedSql(
      tx,
      `insert into analytics_refreshes (organization_id, program_id, refreshed_at, took_ms, totals, rolled_up_attributes)
       values (:organization_id, :program, :now, :took, :totals, array(select jsonb_array_elements_text(:rolledUp::jsonb)))
       on conflict (program_id) do update set refreshed_at = excluded.refreshed_at, took_ms = excluded.took_ms, totals = excluded.totals,
                                              rolled_up_attributes = excluded.rolled_up_attributes`,
      { ...params, now, took: Math.round(performance.now() - started), totals: JSON.stringify(totals), rolledUp: JSON.stringify(rolledUp.attributes) },
    );
    return rolledUp;
  });
}
