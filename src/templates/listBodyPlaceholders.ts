/** A `{{ name }}` placeholder of a template body, its name in group 1 (global: use with matchAll or replace). */
export const bodyPlaceholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * The variables of a template body, in order: positional `{{1}}…{{n}}` sorted by number, or
 * named `{{first_name}}` in order of first appearance. Each name once.
 */
export function listBodyPlaceholders(body: string): string[] {
  const names = [...new Set([...body.matchAll(bodyPlaceholder)].map((match) => match[1]))];
  const positional = names.every((name) => /^\d+$/.test(name));
  return positional ? names.sort((a, b) => Number(a) - Number(b)) : names;
}
