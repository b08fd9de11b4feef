import { formatPlaceholders } from './formatPlaceholders';
import { bodyPlaceholder } from './listBodyPlaceholders';

/** Sample values of a template's variables: in order (`["Ann", "Monday"]`) or by name (`{"1": "Ann"}`, `{"day": "Monday"}`). */
export type TemplateSampleValues = string[] | Record<string, string>;

/** A refusal names the variable (`first_name`, `2`) or, for a value past the last variable, its index in the list. */
export type RenderedTemplate = { ok: true; text: string } | { ok: false; code: 'missing_variable' | 'extra_variable'; variable: string; message: string };

/** The first value given for no variable of the template: its index in a list, or its name. */
function findExtraValue(variables: string[], values: TemplateSampleValues): string | undefined {
  if (Array.isArray(values)) return values.length > variables.length ? String(variables.length) : undefined;
  return Object.keys(values).find((name) => !variables.includes(name));
}

/**
 * Fills a template body's placeholders with sample values (a list fills the variables in
 * order). A variable without a value is named in the answer, never rendered empty; so is a value
 * the template has no variable for, as a send with it would be refused.
 */
export function renderTemplateBody(body: string, variables: string[], values: TemplateSampleValues): RenderedTemplate {
  const byName = new Map(Array.isArray(values) ? variables.map((name, i) => [name, values[i]]) : Object.entries(values));
  const expected = `give ${variables.length} value(s)${variables.length > 0 ? `, for ${formatPlaceholders(variables)}` : ''}`;
  const missing = variables.find((name) => typeof byName.get(name) !== 'string');
  if (missing !== undefined) return { ok: false, code: 'missing_variable', variable: missing, message: `The variable {{${missing}}} has no value: ${expected}` };
  const extra = findExtraValue(variables, values);
  if (extra !== undefined) {
    const which = Array.isArray(values) ? `Value ${Number(extra) + 1}` : `'${extra}'`;
    return { ok: false, code: 'extra_variable', variable: extra, message: `${which} is for no variable of this template: ${expected}` };
  }
  return { ok: true, text: body.replace(bodyPlaceholder, (whole, name: string) => byName.get(name) ?? whole) };
}
