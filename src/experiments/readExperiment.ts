import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { DeliveryPolicy } from '../blueprints/machineContract';
import type { ExperimentMetric, ExperimentStatus } from './experimentDesign';

export interface VariantView {
  id: string;
  key: string;
  name: string;
  weight: number;
  control: boolean;
  blueprintKey: string | null;
  /** Program level: the send time, reminders and gamification of this variant's workers (null: the program's own). */
  deliveryPolicy: DeliveryPolicy | null;
  /** Workers assigned so far. */
  assigned: number;
}

export interface DesignChange {
  field: string;
  before: unknown;
  after: unknown;
  changedAt: string;
}

export interface ExperimentView {
  id: string;
  key: string;
  name: string;
  level: 'journey' | 'program';
  status: ExperimentStatus;
  /** Hashed with each unit id: `hashUnit(seed, unitId)`. */
  seed: string;
  programId: string | null;
  /** null: each worker is a unit; else the worker attribute whose value is the cluster. */
  unitAttribute: string | null;
  stratifyAttribute: string | null;
  segmentId: string | null;
  hypothesis: string | null;
  primaryMetric: ExperimentMetric;
  secondaryMetrics: ExperimentMetric[];
  minimumDetectableEffect: number | null;
  /** Workers (or clusters) planned per variant. */
  plannedSample: number | null;
  startedAt: string | null;
  stoppedAt: string | null;
  analysedAt: string | null;
  createdAt: string;
  variants: VariantView[];
  /** Design changes made while running, oldest first. */
  changes: DesignChange[];
}

interface ExperimentRow {
  id: string;
  key: string;
  name: string;
  experiment_type: 'journey' | 'program';
  status: ExperimentStatus;
  seed: string;
  program_id: string | null;
  unit_attribute: string | null;
  stratify_attribute: string | null;
  segment_id: string | null;
  hypothesis: string | null;
  primary_metric: ExperimentMetric;
  secondary_metrics: ExperimentMetric[];
  minimum_detectable_effect: number | null;
  planned_sample: number | null;
  start_date: Date | null;
  end_date: Date | null;
  analysed_at: Date | null;
  created_at: Date;
  variants: { id: string; key: string; name: string; weight: number; control: boolean; blueprintKey: string | null; deliveryPolicy: DeliveryPolicy | null; assigned: number }[];
  changes: DesignChange[];
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const select = `select e.*,
  coalesce((select json_agg(json_build_object('id', v.id, 'key', v.key, 'name', v.variant_name, 'weight', v.weight, 'control', v.is_control,
              'blueprintKey', v.blueprint_key, 'deliveryPolicy', v.delivery_policy,
              'assigned', (select count(*) from experiment_assignments ea where ea.experiment_id = e.id and ea.experiment_variant_id = v.id))
            order by v.position, v.key)
     from experiment_variants v where v.organization_id = :organization_id and v.experiment_id = e.id), '[]') as variants,
  coalesce((select json_agg(json_build_object('field', d.field, 'before', d.before, 'after', d.after, 'changedAt', d.changed_at) order by d.changed_at, d.id)
     from experiment_design_changes d where d.organization_id = :organization_id and d.experiment_id = e.id), '[]') as changes
  from experiments e where e.organization_id = :organization_id`;

function toView(row: ExperimentRow): ExperimentView {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    level: row.experiment_type,
    status: row.status,
    seed: row.seed,
    programId: row.program_id,
    unitAttribute: row.unit_attribute,
    stratifyAttribute: row.stratify_attribute,
    segmentId: row.segment_id,
    hypothesis: row.hypothesis,
    primaryMetric: row.primary_metric,
    secondaryMetrics: row.secondary_metrics,
    minimumDetectableEffect: row.minimum_detectable_effect,
    plannedSample: row.planned_sample,
    startedAt: iso(row.start_date),
    stoppedAt: iso(row.end_date),
    analysedAt: iso(row.analysed_at),
    createdAt: new Date(row.created_at).toISOString(),
    variants: row.variants.map((v) => ({ ...v, assigned: Number(v.assigned) })),
    changes: row.changes.map((change) => ({ ...change, changedAt: new Date(change.changedAt).toISOString() })),
  };
}

/** One experiment with its variants (and how many are assigned to each) and its design log. */
export async function readExperiment(em: EntityManager, id: string): Promise<ExperimentView | undefined> {
  const [row] = await scopedSql<ExperimentRow>(em, `${select} and e.id = :id`, { id });
  return row ? toView(row) : undefined;
}

/** Every experiment of the organization, newest first. */
export async function listExperiments(em: EntityManager): Promise<ExperimentView[]> {
  return (await scopedSql<ExperimentRow>(em, `${select} order by e.created_at desc, e.id`)).map(toView);
}
