import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { checkExperimentDesign } from './checkExperimentDesign';
import type { UpdateExperimentInput } from './experimentDesign';
import { problem, type ExperimentProblem } from './experimentProblem';
import { readExperiment, type ExperimentView } from './readExperiment';
import { saveVariants } from './saveVariants';

const columns: Record<string, string> = {
  name: 'name',
  programId: 'program_id',
  unitAttribute: 'unit_attribute',
  stratifyAttribute: 'stratify_attribute',
  segmentId: 'segment_id',
  hypothesis: 'hypothesis',
  primaryMetric: 'primary_metric',
  secondaryMetrics: 'secondary_metrics',
  minimumDetectableEffect: 'minimum_detectable_effect',
  plannedSample: 'planned_sample',
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields a change touches, compared with the current design; variants that differ only in
 * their weights count as `weights`.
 */
function changedFields(current: ExperimentView, input: UpdateExperimentInput): string[] {
  const changed = Object.keys(columns).filter((field) => {
    const value = input[field as keyof UpdateExperimentInput];
    return value !== undefined && !sameJson(value, current[field as keyof ExperimentView]);
  });
  if (input.variants) {
    const shape = (vs: { key: string; blueprintKey?: string | null }[], controlIndex: number) => vs.map((v, i) => [v.key, v.blueprintKey ?? null, i === controlIndex]);
    const inputControl = Math.max(0, input.variants.findIndex((v) => v.control));
    const currentControl = current.variants.findIndex((v) => v.control);
    if (!sameJson(shape(input.variants, inputControl), shape(current.variants, currentControl))) changed.push('variants');
    else if (input.variants.some((v, i) => v.weight !== current.variants[i].weight)) changed.push('weights');
  }
  return changed;
}

/**
 * Changes an experiment's design. A draft changes freely. A running experiment's design is locked
 * (409 `design_locked` naming the field) except its name, targeting segment and weights: those
 * changes are logged with their time and shown with the experiment, and move nobody already
 * assigned. A stopped or analysed experiment changes only its name.
 */
export async function updateExperiment(em: EntityManager, id: string, input: UpdateExperimentInput, at: number): Promise<ExperimentView | { problem: ExperimentProblem }> {
  return em.transactional(async (tx) => {
    await scopedSql(tx, `select 1 from experiments where organization_id = :organization_id and id = :id for no key update`, { id });
    const current = (await readExperiment(tx, id)) as ExperimentView;
    const changed = changedFields(current, input);
    const allowed = current.status === 'draft' ? undefined : current.status === 'running' ? ['name', 'segmentId', 'weights'] : ['name'];
    const locked = allowed ? changed.find((field) => !allowed.includes(field)) : undefined;
    if (locked) {
      return problem(409, 'design_locked', `${locked}: the design of a ${current.status} experiment is locked (pre-registered when it started); create a new experiment to test another design`, locked);
    }
    const next = { level: current.level, programId: input.programId !== undefined ? input.programId : current.programId, segmentId: input.segmentId !== undefined ? input.segmentId : current.segmentId, variants: input.variants ?? current.variants };
    const wrong = await checkExperimentDesign(tx, next);
    if (wrong) return wrong;
    const sets = changed.filter((field) => field in columns);
    if (sets.length > 0) {
      const params: Record<string, string | number | null> = { id, at: new Date(at).toISOString() };
      for (const field of sets) {
        const value = input[field as keyof UpdateExperimentInput];
        params[field] = Array.isArray(value) ? JSON.stringify(value) : (value as string | number | null);
      }
      const assignments = sets.map((field) => `${columns[field]} = :${field}${field === 'secondaryMetrics' ? '::jsonb' : ''}`).join(', ');
      await scopedSql(tx, `update experiments set ${assignments}, updated_at = :at::timestamptz where organization_id = :organization_id and id = :id`, params);
    }
    if (input.variants && changed.includes('variants')) await saveVariants(tx, id, input.variants);
    if (input.variants && changed.includes('weights')) {
      await scopedSql(
        tx,
        `update experiment_variants v set weight = r.weight from jsonb_to_recordset(:rows::jsonb) as r(key text, weight float8)
          where v.organization_id = :organization_id and v.experiment_id = :id and v.key = r.key`,
        { id, rows: JSON.stringify(input.variants.map((v) => ({ key: v.key, weight: v.weight }))) },
      );
    }
    if (current.status !== 'draft') {
      const log = changed.map((field) => ({
        field,
        before: field === 'weights' ? Object.fromEntries(current.variants.map((v) => [v.key, v.weight])) : current[field as keyof ExperimentView],
        after: field === 'weights' ? Object.fromEntries((input.variants ?? []).map((v) => [v.key, v.weight])) : input[field as keyof UpdateExperimentInput],
      }));
      await scopedSql(
        tx,
        `insert into experiment_design_changes (organization_id, experiment_id, field, before, after, changed_at)
         select :organization_id, :id::uuid, r.field, r.before, r.after, :at::timestamptz from jsonb_to_recordset(:rows::jsonb) as r(field text, before jsonb, after jsonb)`,
        { id, at: new Date(at).toISOString(), rows: JSON.stringify(log) },
      );
    }
    return (await readExperiment(tx, id)) as ExperimentView;
  });
}
