import type { TemplateView } from './templateRows';

/** A use of a template: by name and language, with this many variable values. */
export interface TemplateReference {
  name: string;
  language: string;
  variableCount: number;
}

/** What is wrong with a template use: the name (missing, not in that language, not approved) or the variables. */
export interface TemplateProblem {
  part: 'name' | 'variables';
  message: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Checks a template use against a channel's registered templates (removed ones excluded):
 * it must exist by name, in that language, be approved, and get exactly its variables.
 */
export function findTemplateProblem(templates: Pick<TemplateView, 'name' | 'language' | 'status' | 'variables'>[], reference: TemplateReference, channelName: string): TemplateProblem | undefined {
  const named = templates.filter((t) => t.name === reference.name);
  const quoted = `'${reference.name}'`;
  if (named.length === 0) {
    return { part: 'name', message: `The channel '${channelName}' has no template ${quoted}: sync its templates (POST /v1/channels/{id}/templates/sync) or add it, or use one of its templates` };
  }
  const template = named.find((t) => t.language === reference.language);
  if (!template) {
    return { part: 'name', message: `The template ${quoted} exists on the channel '${channelName}' in ${named.map((t) => t.language).join(', ')}, not in ${reference.language}` };
  }
  if (template.status !== 'approved') {
    return { part: 'name', message: `The template ${quoted} (${reference.language}) is ${template.status} at the provider, not approved: it cannot be sent yet` };
  }
  if (template.variables.length !== reference.variableCount) {
    const names = template.variables.map((v) => `{{${v}}}`).join(', ');
    return { part: 'variables', message: `The template ${quoted} (${reference.language}) takes ${plural(template.variables.length, 'variable')}${names ? ` (${names})` : ''}; ${reference.variableCount} given` };
  }
  return undefined;
}
