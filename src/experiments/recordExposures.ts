import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Records, once per worker and experiment, that the worker's variant mattered (the first record
 * stands), in one statement: for journey-level experiments by key (a `variant` branch was
 * decided), or for a program-level variant by id (its blueprint started). Only assigned workers
 * of running experiments are exposed.
 */
export async function recordExposures(em: EntityManager, workerId: string, which: { experimentKeys: readonly string[] } | { variantId: string }, at: number): Promise<void> {
  const filter = 'experimentKeys' in which
    ? `e.experiment_type = 'journey' and e.key in (select jsonb_array_elements_text(:keys::jsonb))`
    : `ea.experiment_variant_id = :variant::uuid`;
  await scopedSql(
    em,
    `insert into experiment_exposures (experiment_id, worker_id, organization_id, experiment_variant_id, exposed_at)
     select e.id, ea.worker_id, :organization_id, ea.experiment_variant_id, :at::timestamptz
       from experiments e join experiment_assignments ea on ea.experiment_id = e.id and ea.worker_id = :worker::uuid
      where e.organization_id = :organization_id and e.status = 'running' and ${filter}
     on conflict (experiment_id, worker_id) do nothing`,
    { worker: workerId, at: new Date(at).toISOString(), ...('experimentKeys' in which ? { keys: JSON.stringify(which.experimentKeys) } : { variant: which.variantId }) },
  );
}
