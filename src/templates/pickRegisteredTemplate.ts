import type { RegisteredTemplate } from './loadRegisteredTemplates';
import { matchTemplateLanguage } from './matchTemplateLanguage';

/**
 * The registered template a send of `name` in `language` goes out as, picked as the checks pick
 * it (`matchTemplateLanguage`: `en` finds the only English one, `en_US`); undefined when none.
 */
export function pickRegisteredTemplate(registered: RegisteredTemplate[], wanted: { name: string; language: string }): RegisteredTemplate | undefined {
  return matchTemplateLanguage(registered.filter((t) => t.name === wanted.name), wanted.language);
}
