import type { z } from 'zod';

/** Reads the value at a path of plain data, or undefined. */
function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = data;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Turns a zod issue into a sentence that says what to do. */
export function describeSchemaIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const field = issue.path.length > 0 ? String(issue.path[issue.path.length - 1]) : 'document';
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(data, issue.path) === undefined) {
        const example = issue.expected === 'record' ? ': { en: ..., es: ... }' : '';
        return `is missing: add \`${field}${example}\``;
      }
      if (issue.expected === 'record') return 'must be a mapping of language to text, e.g. `{ en: ..., es: ... }`';
      return `must be ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}: ${issue.message}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}: remove or fix the spelling`;
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        // A library reference is the option without a type (undefined): it is not a type to name.
        return `is not a known ${issue.discriminator}: use one of ${issue.options.filter((option) => option !== undefined).map(String).join(', ')}`;
      }
      return `does not match any allowed form: ${issue.message}`;
    }
    case 'invalid_key':
      return `is not a language code: use codes such as "en" or "es" (inside \`{ ... }\`, quote a text that contains a comma)`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `needs at least ${String(issue.minimum)} item(s): add more` : `is too small (minimum ${String(issue.minimum)})`;
    case 'too_big':
      return issue.origin === 'string' ? `is too long: use at most ${String(issue.maximum)} characters` : `is too big (maximum ${String(issue.maximum)})`;
    case 'invalid_format':
      return issue.format === 'regex' ? `is not valid: ${issue.message}` : `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}
