/** U+0000, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text PostgreSQL can store: U+0000 removed (a `text` value cannot hold it, and the driver's
 * refusal reads like a connection failure) and each lone surrogate replaced by U+FFFD (it has no
 * UTF-8 form).
 */
export function stripUnstorableText(s: string): string {
  return s.replace(unstorable, (found) => (found === '\u0000' ? '' : '\uFFFD'));
}
