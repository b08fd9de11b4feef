import { countNoun } from './countNoun';
import { formatPlaceholders } from './formatPlaceholders';
import { matchTemplateLanguage } from '../channels/matchTemplateLanguage';
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

/**
 * Checks a template use against a channel's registered templates (removed ones excluded):
 * it must exist by name, in that language (`matchTemplateLanguage`: `en` finds the only English
 * one, `en_US`), be approved, and get exactly its variables.
 */
export function findTemplateProblem(templates: Pick<TemplateView, 'name' | 'language' | 'status' | 'variables'>[], reference: TemplateReference, channelName: string): TemplateProblem | undefined {
  const named = templates.filter((t) => t.name === reference.name);
  const quoted = `'${reference.name}'`;
  if (named.length === 0) {
    return { part: 'name', message: `The channel '${channelName}' has no template ${quoted}: sync its templates (POST /v1/channels/{id}/templates/sync) or add it, or use one of its templates` };
  }
  const template = matchTemplateLanguage(named, reference.language);
  if (!template) {
    const languages = named.map((t) => t.language).join(', ');
    return { part: 'name', message: `The template ${quoted} exists on the channel '${channelName}' in ${languages}, not in ${reference.language}: name one of these languages` };
  }
  const which = `${quoted} (${template.language})`;
  if (template.status !== 'approved') {
    return { part: 'name', message: `The template ${which} is ${template.status} at the provider, not approved: it cannot be sent yet` };
  }
  if (template.variables.length !== reference.variableCount) {
    const names = formatPlaceholders(template.variables);
    return { part: 'variables', message: `The template ${which} takes ${countNoun(template.variables.length, 'variable')}${names ? ` (${names})` : ''}; ${reference.variableCount} given` };
  }
  return undefined;
}
