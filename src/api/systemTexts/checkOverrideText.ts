import { placeholdersOf, systemTextCatalog, type SystemTextKey } from '../../engine/systemTexts';

/**
 * Why an override text cannot replace a key's text, or undefined when it can: it may use the
 * key's `{placeholders}` (the English text's) and no other, and every brace must be part of one,
 * so nothing reaches a worker as a literal `{nmae}` or `{name`.
 */
export function checkOverrideText(key: SystemTextKey, text: string): string | undefined {
  const allowed = placeholdersOf(systemTextCatalog.en[key]);
  const allowedList = allowed.length > 0 ? allowed.map((name) => `{${name}}`).join(', ') : 'none';
  const unknown = placeholdersOf(text).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) return `text: {${unknown[0]}} is not a placeholder of ${key} (its placeholders: ${allowedList})`;
  if (/[{}]/.test(text.replace(/\{\w+\}/g, ''))) return `text: a brace without its pair; write placeholders as {name} (${key}'s placeholders: ${allowedList})`;
  return undefined;
}
