/** Form fields of a Twilio webhook. A key sent more than once keeps every value, in order. */
export type TwilioFormParams = Record<string, string | string[]>;

/**
 * Decode an `application/x-www-form-urlencoded` body exactly as sent, for the
 * signature check and the parsers. Repeated keys are kept as arrays, as
 * twilio's own signature helper expects them.
 */
export function readTwilioForm(rawBody: Uint8Array | string): TwilioFormParams {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const params: TwilioFormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else params[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}
