/** A language code as written (`en`, `en_US`, `en-us`) in one form: lower case, `_` between parts. */
export const normalizeLanguageCode = (code: string) => code.trim().toLowerCase().replace(/-/g, '_');
const baseOf = (code: string) => normalizeLanguageCode(code).split('_')[0];

/**
 * Which of one template's languages a use asking for `wanted` gets. Meta names languages
 * `en_US`, `pt_BR`, `es`; flows and broadcasts often say `en` or `en-US`. In order:
 * 1. the same code (case, and `-` for `_`, ignored);
 * 2. asked for a regional code (`en_US`): the template in its bare language (`en`);
 * 3. the only template in the same base language (`en` finds `en_US` when there is no other English one).
 * Several in the same base language with neither of the first two is no match: the use must
 * name one. Broadcasts, program start and the adapters' sends all pick with this.
 */
export function matchTemplateLanguage<T extends { language: string }>(templates: T[], wanted: string): T | undefined {
  const code = normalizeLanguageCode(wanted);
  const exact = templates.find((t) => normalizeLanguageCode(t.language) === code);
  if (exact) return exact;
  const base = baseOf(wanted);
  const bare = code !== base ? templates.find((t) => normalizeLanguageCode(t.language) === base) : undefined;
  if (bare) return bare;
  const sameBase = templates.filter((t) => baseOf(t.language) === base);
  return sameBase.length === 1 ? sameBase[0] : undefined;
}
