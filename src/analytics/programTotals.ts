import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { AnalyticsFilters } from './analyticsFilters';
import { loadAnswerDistribution, type OptionCount } from './loadAnswerDistribution';
import { loadDeliveryByChannel, type ChannelDelivery } from './loadDeliveryByChannel';
import { countCohort, loadTouchpointFigures, type Cohort, type TouchpointFigures } from './loadTouchpointFigures';

/** The aggregates of a program's facts under some filters. */
export interface ProgramTotals {
  figures: TouchpointFigures[];
  chosen: OptionCount[];
  delivery: ChannelDelivery[];
}

/** The aggregates with the cohort they are out of. */
export type CohortTotals = ProgramTotals & Cohort;

/** Aggregates the program's facts under the filters: three queries over `analytics_touchpoint_facts`, one after the other (the rebuild runs them in its transaction, on one connection). */
export async function loadProgramTotals(em: EntityManager, programId: string, filters: AnalyticsFilters, now: Date): Promise<ProgramTotals> {
  const figures = await loadTouchpointFigures(em, programId, filters, now);
  const chosen = await loadAnswerDistribution(em, programId, filters);
  const delivery = await loadDeliveryByChannel(em, programId, filters);
  return { figures, chosen, delivery };
}

/** The aggregates and the cohort from the facts and enrolments live, in parallel (outside a transaction): the filters the rollups do not hold. */
export async function loadLiveTotals(em: EntityManager, programId: string, filters: AnalyticsFilters, now: Date): Promise<CohortTotals> {
  const [figures, chosen, delivery, cohort] = await Promise.all([
    loadTouchpointFigures(em, programId, filters, now),
    loadAnswerDistribution(em, programId, filters),
    loadDeliveryByChannel(em, programId, filters),
    countCohort(em, programId, filters),
  ]);
  return { figures, chosen, delivery, ...cohort };
}

/** The unfiltered aggregates stored by the program's last rebuild, with its whole cohort, in one query; undefined before one. Times since last activity are as of that rebuild. */
export async function readStoredTotals(em: EntityManager, programId: string): Promise<CohortTotals | undefined> {
  const [row] = await scopedSql<{ totals: ProgramTotals | null } & Cohort>(
    em,
    `select r.totals, coalesce(c.enrolled, 0) as enrolled, coalesce(c.completed, 0) as completed, coalesce(c.dropped, 0) as dropped
       from analytics_refreshes r
       left join analytics_cohort_rollups c on c.program_id = r.program_id and c.split = 'all' and c.split_key = '' and c.split_value = ''
      where r.organization_id = :organization_id and r.program_id = :program`,
    { program: programId },
  );
  return row?.totals ? { ...row.totals, enrolled: row.enrolled, completed: row.completed, dropped: row.dropped } : undefined;
}
