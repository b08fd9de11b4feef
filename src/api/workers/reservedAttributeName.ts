/**
 * An attribute name JavaScript objects cannot hold as data: assigning `__proto__` sets the
 * prototype instead, so zod's record and every `attributes[name] = value` drop it without a word.
 * `constructor` and `prototype` are ordinary own keys and are kept.
 */
export const RESERVED_ATTRIBUTE_NAME = '__proto__';

/** The message naming why the name is refused. */
export const reservedAttributeMessage = `reserved name: '${RESERVED_ATTRIBUTE_NAME}' cannot be an attribute, rename it`;

/** Whether raw input (a parsed JSON object, before any schema copies it) holds the reserved name as its own key. */
export function holdsReservedAttributeName(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && Object.hasOwn(raw, RESERVED_ATTRIBUTE_NAME);
}
