/** Form fields of a Twilio webhook. A key sent more than once keeps every value, in order. */
export type TwilioFormParams = Record<string, string | string[]>;

/**
 * Decode an `application/x-www-form-urlencoded` body exactly as sent, for the
 * signature check and the parsers. Repeated keys are kept as arrays, as
 * twilio's own signature helper expects them.
 *
 * The record has no prototype, so every key sent is an own field: `__proto__` is signed like any
 * other (not swallowed by the prototype setter), and `constructor` or `toString` are not mistaken
 * for a value already sent. A repeated key's values are appended in place: copying the array for
 * each repeat took quadratic time, seconds of a blocked event loop for an unsigned body.
 */
export function readTwilioForm(rawBody: Uint8Array | string): TwilioFormParams {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const params: TwilioFormParams = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[key] = [existing, value];
  }
  return params;
}
