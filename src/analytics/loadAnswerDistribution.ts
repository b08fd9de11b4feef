import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { filterConditions, type AnalyticsFilters } from './analyticsFilters';

/** How many workers chose an option: at their first answer, and as their last (eventual) one. */
export interface OptionCount {
  blueprint: string;
  touchpoint: string;
  option: string;
  firstTry: number;
  eventual: number;
}

/** Options chosen per question and quiz of a program, over the filtered workers. */
export async function loadAnswerDistribution(em: EntityManager, programId: string, filters: AnalyticsFilters): Promise<OptionCount[]> {
  const where = filterConditions(filters, 'f.worker_id', 'f.reached_at');
  const rows = await scopedSql<{ blueprint_key: string; touchpoint_key: string; option: string; first_try: number; eventual: number }>(
    em,
    `select blueprint_key, touchpoint_key, option, sum(first_try)::int as first_try, sum(eventual)::int as eventual from (
       select f.blueprint_key, f.touchpoint_key, f.first_option as option, 1 as first_try, 0 as eventual
         from analytics_touchpoint_facts f
        where f.organization_id = :organization_id and f.program_id = :program and f.first_option is not null and ${where.sql}
       union all
       select f.blueprint_key, f.touchpoint_key, f.last_option, 0, 1
         from analytics_touchpoint_facts f
        where f.organization_id = :organization_id and f.program_id = :program and f.last_option is not null and ${where.sql}) chosen
      group by 1, 2, 3`,
    { program: programId, ...where.params },
  );
  return rows.map((row) => ({ blueprint: row.blueprint_key, touchpoint: row.touchpoint_key, option: row.option, firstTry: row.first_try, eventual: row.eventual }));
}
