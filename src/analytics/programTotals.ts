import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { AnalyticsFilters } from './analyticsFilters';
import { loadAnswerDistribution, type OptionCount } from './loadAnswerDistribution';
import { loadDeliveryByChannel, type ChannelDelivery } from './loadDeliveryByChannel';
import { loadTouchpointFigures, type TouchpointFigures } from './loadTouchpointFigures';

/** The aggregates of a program's facts under some filters. */
export interface ProgramTotals {
  figures: TouchpointFigures[];
  chosen: OptionCount[];
  delivery: ChannelDelivery[];
}

/** Aggregates the program's facts under the filters: three queries over `analytics_touchpoint_facts`, one after the other (the rebuild runs them in its transaction, on one connection). */
export async function loadProgramTotals(em: EntityManager, programId: string, filters: AnalyticsFilters, now: Date): Promise<ProgramTotals> {
  const figures = await loadTouchpointFigures(em, programId, filters, now);
  const chosen = await loadAnswerDistribution(em, programId, filters);
  const delivery = await loadDeliveryByChannel(em, programId, filters);
  return { figures, chosen, delivery };
}

/** The unfiltered aggregates stored by the program's last rebuild; undefined before one. Times since last activity are as of that rebuild. */
export async function readStoredTotals(em: EntityManager, programId: string): Promise<ProgramTotals | undefined> {
  const [row] = await scopedSql<{ totals: ProgramTotals | null }>(
    em,
    `select totals from analytics_refreshes where organization_id = :organization_id and program_id = :program`,
    { program: programId },
  );
  return row?.totals ?? undefined;
}
