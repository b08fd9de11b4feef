import type { GraphTemplate } from './startGraphApiFake';

/** A message template as Graph lists it: a text header and the body with its placeholders. */
export function graphTemplate(name: string, language: string, body: string, status = 'APPROVED'): GraphTemplate {
  return { id: `tpl-${name}-${language}`, name, language, status, category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: 'Acme' }, { type: 'BODY', text: body }] };
}
