import { createHash, randomBytes } from 'node:crypto';

/** Keys look like `ce_<8 hex prefix>_<secret>`: generated ones carry 43 base64url characters (256 bits); a chosen one (DEMO_API_KEY) at least 32. */
const keyPattern = /^ce_([0-9a-f]{8})_[A-Za-z0-9_-]{32,100}$/;

/** A new random API key and the parts stored about it (never the key itself). */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `ce_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: `ce_${prefix}`, hash: hashApiKey(key) };
}

/** sha256 of the key, hex: enough for 256-bit random keys (no brute force to slow down). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Whether a bearer token has the shape of one of our keys (saves a lookup for junk). */
export function looksLikeApiKey(token: string): boolean {
  return keyPattern.test(token);
}
