import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { problem, type ExperimentProblem } from './experimentProblem';

export interface DesignToCheck {
  level: 'journey' | 'program';
  programId: string | null;
  segmentId: string | null;
  variants: { blueprintKey?: string | null; deliveryPolicy?: unknown }[];
}

/**
 * What is wrong with a design in this organization: a program-level experiment needs its program
 * and, per variant, one of that program's blueprints (or, in none of them, a blueprint but a
 * delivery policy in some); a journey-level one names neither; a segment or program named must be the organization's.
 */
export async function checkExperimentDesign(em: EntityManager, design: DesignToCheck): Promise<{ problem: ExperimentProblem } | undefined> {
  if (design.segmentId) {
    const found = await scopedSql(em, `select 1 from segments where organization_id = :organization_id and id = :id`, { id: design.segmentId });
    if (found.length === 0) return problem(400, 'invalid_experiment', `segmentId: no segment has the id ${design.segmentId} in your organization`, 'segmentId');
  }
  if (design.programId) {
    const found = await scopedSql(em, `select 1 from programs where organization_id = :organization_id and id = :id`, { id: design.programId });
    if (found.length === 0) return problem(400, 'invalid_experiment', `programId: no program has the id ${design.programId} in your organization`, 'programId');
  }
  if (design.level === 'journey') {
    const index = design.variants.findIndex((v) => v.blueprintKey);
    if (index >= 0) return problem(400, 'invalid_experiment', `variants.${index}.blueprintKey: a journey-level experiment's variants are branches inside a blueprint (variant rules); only program-level variants choose a blueprint`, `variants.${index}.blueprintKey`);
    const policy = design.variants.findIndex((v) => v.deliveryPolicy);
    if (policy >= 0) return problem(400, 'invalid_experiment', `variants.${policy}.deliveryPolicy: only program-level variants set a delivery policy`, `variants.${policy}.deliveryPolicy`);
    return undefined;
  }
  if (!design.programId) return problem(400, 'invalid_experiment', 'programId: a program-level experiment names the program whose enrollments it routes', 'programId');
  const keys = await scopedSql<{ key: string }>(
    em,
    `select jb.key from program_blueprints pb join journey_blueprints jb on jb.id = pb.journey_blueprint_id
      where pb.organization_id = :organization_id and pb.program_id = :program`,
    { program: design.programId },
  );
  const known = new Set(keys.map((row) => row.key));
  // Either every variant chooses a blueprint (routing needs one per arm), or none does and the arms differ by delivery policy.
  const routed = design.variants.some((v) => v.blueprintKey);
  if (!routed && !design.variants.some((v) => v.deliveryPolicy)) {
    return problem(400, 'invalid_experiment', 'variants.0.blueprintKey: each variant of a program-level experiment names the blueprint its workers get, or sets a deliveryPolicy (send time, reminders, gamification)', 'variants.0.blueprintKey');
  }
  for (const [i, variant] of design.variants.entries()) {
    if (!routed) continue;
    if (!variant.blueprintKey) return problem(400, 'invalid_experiment', `variants.${i}.blueprintKey: when one variant of a program-level experiment names a blueprint, each does (the others may set only a deliveryPolicy when none does)`, `variants.${i}.blueprintKey`);
    if (!known.has(variant.blueprintKey)) {
      return problem(400, 'invalid_experiment', `variants.${i}.blueprintKey: '${variant.blueprintKey}' is not one of the program's blueprints (${[...known].join(', ') || 'none'}): add it to the program first`, `variants.${i}.blueprintKey`);
    }
  }
  return undefined;
}
