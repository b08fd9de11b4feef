import type { EntityManager } from '@mikro-orm/postgresql';
import { flowFileSchema } from '../blueprints/flowSchema';
import { listVariantExperiments } from '../blueprints/listVariantDecisions';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Why a program may not start: a flow of it (its latest published version) branches on an
 * experiment that is not running, so the branch would silently never fire. Undefined when none.
 */
export async function checkProgramExperiments(em: EntityManager, programId: string): Promise<string | undefined> {
  const flows = await scopedSql<{ key: string; definition: unknown }>(
    em,
    `select jb.key, latest.definition from program_blueprints pb join journey_blueprints jb on jb.id = pb.journey_blueprint_id
       cross join lateral (select v.definition from journey_blueprints v where v.organization_id = jb.organization_id and v.key = jb.key and v.status = 'published'
                            order by v.version desc limit 1) latest
      where pb.organization_id = :organization_id and pb.program_id = :program`,
    { program: programId },
  );
  const named = flows.flatMap((flow) => listVariantExperiments(flowFileSchema.parse(flow.definition)).map((experiment) => ({ flow: flow.key, experiment })));
  if (named.length === 0) return undefined;
  const running = await scopedSql<{ key: string }>(
    em,
    `select key from experiments where organization_id = :organization_id and status = 'running' and experiment_type = 'journey' and key in (select jsonb_array_elements_text(:keys::jsonb))`,
    { keys: JSON.stringify(named.map((n) => n.experiment)) },
  );
  const idle = named.filter((n) => !running.some((row) => row.key === n.experiment));
  if (idle.length === 0) return undefined;
  return `The program's flows branch on experiments that are not running, so those branches would never fire: ${idle.map((n) => `'${n.experiment}' (flow '${n.flow}')`).join(', ')}. Create and start them (POST /v1/experiments, then …/start), or remove the variant rules.`;
}
