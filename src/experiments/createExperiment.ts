import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../db/isUniqueViolation';
import { scopedSql } from '../db/tenancy/scopedSql';
import { checkExperimentDesign } from './checkExperimentDesign';
import type { CreateExperimentInput } from './experimentDesign';
import { problem, type ExperimentProblem } from './experimentProblem';
import { readExperiment, type ExperimentView } from './readExperiment';
import { saveVariants } from './saveVariants';

/** Creates a draft experiment with its variants (its seed defaults to its key). */
export async function createExperiment(em: EntityManager, input: CreateExperimentInput): Promise<ExperimentView | { problem: ExperimentProblem }> {
  const wrong = await checkExperimentDesign(em, { level: input.level, programId: input.programId ?? null, segmentId: input.segmentId ?? null, variants: input.variants });
  if (wrong) return wrong;
  try {
    return await em.transactional(async (tx) => {
      const [row] = await scopedSql<{ id: string }>(
        tx,
        `insert into experiments (organization_id, key, name, experiment_type, status, seed, program_id, unit_attribute, stratify_attribute, segment_id,
                                  hypothesis, primary_metric, secondary_metrics, minimum_detectable_effect, planned_sample)
         values (:organization_id, :key, :name, :level, 'draft', :seed, :program, :unit, :stratify, :segment, :hypothesis, :primary, :secondary::jsonb, :mde, :planned)
         returning id`,
        {
          key: input.key,
          name: input.name,
          level: input.level,
          seed: input.seed ?? input.key,
          program: input.programId ?? null,
          unit: input.unitAttribute ?? null,
          stratify: input.stratifyAttribute ?? null,
          segment: input.segmentId ?? null,
          hypothesis: input.hypothesis ?? null,
          primary: input.primaryMetric,
          secondary: JSON.stringify(input.secondaryMetrics),
          mde: input.minimumDetectableEffect ?? null,
          planned: input.plannedSample ?? null,
        },
      );
      await saveVariants(tx, row.id, input.variants);
      return (await readExperiment(tx, row.id)) as ExperimentView;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return problem(409, 'experiment_exists', `key: an experiment with the key '${input.key}' already exists in your organization`, 'key');
    throw error;
  }
}
