import type { EntityManager } from '@mikro-orm/postgresql';
import type { BroadcastRequestData } from './broadcastInput';
import { findTemplateProblem } from '../templates/findTemplateProblem';
import { readChannelForTemplates } from '../templates/readChannelForTemplates';

/**
 * A broadcast's template, checked against the channel it goes out on when it is accepted: the
 * template must exist there in that language, approved, and get exactly its variables. Answers
 * the problem naming the field (`content.template.name` / `content.template.variables`).
 */
export async function checkBroadcastTemplate(
  em: EntityManager,
  channelId: string,
  template: BroadcastRequestData['content']['template'],
): Promise<{ message: string; field: string } | undefined> {
  if (!template) return undefined;
  const channel = await readChannelForTemplates(em, channelId);
  if (!channel?.templates) return undefined;
  const problem = findTemplateProblem(channel.templates, { name: template.name, language: template.language, variableCount: template.variables.length }, channel.name);
  return problem ? { message: problem.message, field: `content.template.${problem.part}` } : undefined;
}
