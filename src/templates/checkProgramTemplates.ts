import type { EntityManager } from '@mikro-orm/postgresql';
import { flowFileSchema } from '../blueprints/flowSchema';
import { scopedSql } from '../db/tenancy/scopedSql';
import { findProgramChannel } from './findProgramChannel';
import { findTemplateProblem } from './findTemplateProblem';
import { listFlowTemplates } from './listFlowTemplates';
import { readChannelForTemplates } from './readChannelForTemplates';

/** What a program's flows use that its channel lacks; empty when all is there. */
export interface ProgramTemplateCheck {
  channelName?: string;
  problems: string[];
}

/**
 * Checks the templates of a program's flows (the latest published version of each blueprint)
 * against its channel's templates: each must exist in the language it names, else in every
 * language of its blueprint, approved, with exactly its variables. Console and Baileys
 * channels need no templates; a program with no channel has nothing to check against.
 */
export async function checkProgramTemplates(em: EntityManager, programId: string): Promise<ProgramTemplateCheck> {
  const channelId = await findProgramChannel(em, programId);
  const channel = channelId ? await readChannelForTemplates(em, channelId) : undefined;
  if (!channel?.templates) return { problems: [] };
  const blueprints = await scopedSql<{ key: string; definition: unknown }>(
    em,
    `select distinct on (jb.key) jb.key, jb.definition
       from program_blueprints pb
       join journey_blueprints linked on linked.id = pb.journey_blueprint_id
       join journey_blueprints jb on jb.organization_id = linked.organization_id and jb.key = linked.key and (jb.status = 'published' or jb.id = linked.id)
      where pb.organization_id = :organization_id and pb.program_id = :programId
      order by jb.key, (jb.status = 'published') desc, jb.version desc`,
    { programId },
  );
  const problems = new Set<string>();
  for (const blueprint of blueprints) {
    const document = flowFileSchema.parse(blueprint.definition);
    for (const use of listFlowTemplates(document)) {
      for (const language of use.template.language ? [use.template.language] : document.blueprint.languages) {
        const reference = { name: use.template.name, language, variableCount: use.template.variables.length };
        const problem = findTemplateProblem(channel.templates, reference, channel.name);
        if (problem) problems.add(`${blueprint.key} ${use.path}: ${problem.message}`);
      }
    }
  }
  return { channelName: channel.name, problems: [...problems] };
}
