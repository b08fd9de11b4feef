/** U+0000 (PostgreSQL text cannot hold it) and UTF-16 surrogates not part of a pair (no UTF-8 form). */
const unstorable = /\0|\p{Cs}/gu;

/**
 * Text as PostgreSQL can store it: U+0000 removed, each lone surrogate replaced by U+FFFD (what
 * a UTF-8 encoder would write for it). For input that must go through whatever it holds, such as
 * a provider's inbound message.
 */
export function stripUnstorableText(s: string): string {
  return s.replace(unstorable, (found) => (found === '\0' ? '' : '\uFFFD'));
}
