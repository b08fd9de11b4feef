import { formatPlaceholders } from './formatPlaceholders';
import { bodyPlaceholder } from './listBodyPlaceholders';

/** Sample values of a template's variables: in order (`["Ann", "Monday"]`) or by name (`{"1": "Ann"}`, `{"day": "Monday"}`). */
export type TemplateSampleValues = string[] | Record<string, string>;

export type RenderedTemplate = { ok: true; text: string } | { ok: false; missing: string; message: string };

/**
 * Fills a template body's placeholders with sample values (a list fills the variables in
 * order). A variable without a value is named in the answer, never rendered empty.
 */
export function renderTemplateBody(body: string, variables: string[], values: TemplateSampleValues): RenderedTemplate {
  const byName = Array.isArray(values) ? Object.fromEntries(variables.map((name, i) => [name, values[i]])) : values;
  const missing = variables.find((name) => typeof byName[name] !== 'string');
  if (missing !== undefined) {
    return { ok: false, missing, message: `The variable {{${missing}}} has no value: give ${variables.length} value(s), for ${formatPlaceholders(variables)}` };
  }
  return { ok: true, text: body.replace(bodyPlaceholder, (whole, name: string) => byName[name] ?? whole) };
}
