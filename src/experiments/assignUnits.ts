import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { chooseVariant } from './chooseVariant';
import { hashUnit } from './hashUnit';
import { permutedBlockVariant } from './permutedBlock';

/** A running experiment as assignment needs it. */
export interface AssignableExperiment {
  id: string;
  seed: string;
  unitAttribute: string | null;
  stratifyAttribute: string | null;
  segmentId: string | null;
  variants: { id: string; key: string; weight: number }[];
}

interface CandidateRow {
  worker_id: string;
  unit_id: string | null;
  stratum: string | null;
  targeted: boolean;
  assigned_variant: string | null;
  cluster_variant: string | null;
  stratum_units: number;
}

/**
 * Assigns workers to an experiment's variants, once: a worker already assigned keeps their
 * variant whatever the weights or the segment say now. A new unit (the worker, or their cluster:
 * the value of `unitAttribute`) falls where `hashUnit(seed, unitId)` lands among the weights; a
 * worker whose cluster already has a variant joins it; with `stratifyAttribute`, units of each
 * stratum follow permuted blocks. Workers outside the targeting segment, or without the cluster
 * attribute, and the simulator's test workers, are not in the experiment. Returns worker id → variant key of every assigned worker.
 */
export async function assignUnits(em: EntityManager, experiment: AssignableExperiment, workerIds: readonly string[], at: number): Promise<Map<string, string>> {
  if (workerIds.length === 0) return new Map();
  if (experiment.stratifyAttribute) {
    await scopedSql(em, `select pg_advisory_xact_lock(hashtext('experiment-strata:' || :experiment)) from organizations where id = :organization_id`, { experiment: experiment.id });
  }
  const rows = await scopedSql<CandidateRow>(
    em,
    `select w.id as worker_id,
            case when :unit::text is null then w.id::text else w.attributes ->> :unit::text end as unit_id,
            case when :stratify::text is null then null else coalesce(w.attributes ->> :stratify::text, '') end as stratum,
            (:segment::uuid is null or exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = w.id and ws.segment_id = :segment::uuid)) as targeted,
            (select ea.experiment_variant_id from experiment_assignments ea where ea.experiment_id = :experiment and ea.worker_id = w.id) as assigned_variant,
            (select ea.experiment_variant_id from experiment_assignments ea
              where :unit::text is not null and ea.experiment_id = :experiment and ea.unit_id = w.attributes ->> :unit::text limit 1) as cluster_variant,
            (select count(distinct ea.unit_id)::int from experiment_assignments ea
              where :stratify::text is not null and ea.experiment_id = :experiment and ea.stratum = coalesce(w.attributes ->> :stratify::text, '')) as stratum_units
       from workers w
      where w.organization_id = :organization_id and not w.simulated and w.id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid)
      order by w.id`,
    { experiment: experiment.id, unit: experiment.unitAttribute, stratify: experiment.stratifyAttribute, segment: experiment.segmentId, workers: JSON.stringify(workerIds) },
  );
  const weights = experiment.variants.map((v) => v.weight);
  const keyOf = new Map(experiment.variants.map((v) => [v.id, v.key]));
  const result = new Map<string, string>();
  const fresh: { worker: string; variant: string; unit: string; stratum: string | null; bucket: number }[] = [];
  const newUnits = new Map<string, string>();
  const newInStratum = new Map<string, number>();
  for (const row of rows) {
    if (row.assigned_variant) {
      result.set(row.worker_id, keyOf.get(row.assigned_variant) ?? '');
      continue;
    }
    if (!row.targeted || row.unit_id === null || row.unit_id === '') continue;
    const bucket = hashUnit(experiment.seed, row.unit_id);
    let variant = row.cluster_variant ?? newUnits.get(row.unit_id);
    if (!variant) {
      if (row.stratum !== null) {
        const position = row.stratum_units + (newInStratum.get(row.stratum) ?? 0);
        newInStratum.set(row.stratum, (newInStratum.get(row.stratum) ?? 0) + 1);
        variant = experiment.variants[permutedBlockVariant(experiment.seed, row.stratum, position, weights)].id;
      } else {
        variant = experiment.variants[chooseVariant(bucket, weights)].id;
      }
      newUnits.set(row.unit_id, variant);
    }
    fresh.push({ worker: row.worker_id, variant, unit: row.unit_id, stratum: row.stratum, bucket });
  }
  if (fresh.length > 0) {
    // A concurrent first assignment of the same worker wins; theirs is read back below.
    const inserted = await scopedSql<{ worker_id: string; experiment_variant_id: string }>(
      em,
      `insert into experiment_assignments (organization_id, experiment_id, experiment_variant_id, worker_id, unit_id, stratum, bucket, assigned_at)
       select :organization_id, :experiment::uuid, r.variant, r.worker, r.unit, r.stratum, r.bucket, :at::timestamptz
         from jsonb_to_recordset(:rows::jsonb) as r(worker uuid, variant uuid, unit text, stratum text, bucket float8)
       on conflict (experiment_id, worker_id) do nothing
       returning worker_id, experiment_variant_id`,
      { experiment: experiment.id, at: new Date(at).toISOString(), rows: JSON.stringify(fresh) },
    );
    for (const row of inserted) result.set(row.worker_id, keyOf.get(row.experiment_variant_id) ?? '');
    const lost = fresh.filter((f) => !inserted.some((row) => row.worker_id === f.worker)).map((f) => f.worker);
    if (lost.length > 0) {
      const kept = await scopedSql<{ worker_id: string; experiment_variant_id: string }>(
        em,
        `select worker_id, experiment_variant_id from experiment_assignments
          where organization_id = :organization_id and experiment_id = :experiment and worker_id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid)`,
        { experiment: experiment.id, workers: JSON.stringify(lost) },
      );
      for (const row of kept) result.set(row.worker_id, keyOf.get(row.experiment_variant_id) ?? '');
    }
  }
  return result;
}
