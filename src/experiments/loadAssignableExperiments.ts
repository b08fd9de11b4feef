import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { AssignableExperiment } from './assignUnits';

export interface KeyedExperiment extends AssignableExperiment {
  key: string;
}

interface Row {
  id: string;
  key: string;
  seed: string;
  unit_attribute: string | null;
  stratify_attribute: string | null;
  segment_id: string | null;
  variants: { id: string; key: string; weight: number }[];
}

/**
 * Running experiments with their variants in order, in one query: the journey-level ones of the
 * given keys, or the program-level one of a program.
 */
export async function loadAssignableExperiments(em: EntityManager, which: { journeyKeys: readonly string[] } | { programId: string }): Promise<KeyedExperiment[]> {
  const filter = 'journeyKeys' in which
    ? `e.experiment_type = 'journey' and e.key in (select jsonb_array_elements_text(:keys::jsonb))`
    : `e.experiment_type = 'program' and e.program_id = :program::uuid`;
  if ('journeyKeys' in which && which.journeyKeys.length === 0) return [];
  const rows = await scopedSql<Row>(
    em,
    `select e.id, e.key, e.seed, e.unit_attribute, e.stratify_attribute, e.segment_id,
            (select json_agg(json_build_object('id', v.id, 'key', v.key, 'weight', v.weight) order by v.position, v.key)
               from experiment_variants v where v.organization_id = :organization_id and v.experiment_id = e.id) as variants
       from experiments e
      where e.organization_id = :organization_id and e.status = 'running' and ${filter}`,
    'journeyKeys' in which ? { keys: JSON.stringify(which.journeyKeys) } : { program: which.programId },
  );
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    seed: row.seed,
    unitAttribute: row.unit_attribute,
    stratifyAttribute: row.stratify_attribute,
    segmentId: row.segment_id,
    variants: row.variants,
  }));
}
