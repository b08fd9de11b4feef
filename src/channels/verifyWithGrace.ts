import type { ChannelAdapter, ChannelRequest, VerifyResult } from './channelTypes';

/** A rotated-out secret as a verifier: the channel's adapter built with the old value. */
export interface RetiredVerifier {
  /** Which secret: `authToken` or `appSecret`. */
  name: string;
  /** When it was replaced, epoch milliseconds. */
  replacedAt: number;
  verify: ChannelAdapter['verify'];
}

/** Which rotated-out secret a webhook was signed with (never the secret itself). */
export interface RetiredSecretUse {
  name: string;
  /** When it was replaced, ISO 8601. */
  replacedAt: string;
}

/** A verification that also says when a rotated-out secret signed the request. */
export type GraceVerifyResult =
  | { ok: true; /** Set when accepted with a rotated-out secret during its grace period. */ retiredSecret?: RetiredSecretUse }
  | (Extract<VerifyResult, { ok: false }> & { /** Set when a rotated-out secret whose grace period is over signed it. */ expiredSecret?: RetiredSecretUse });

/**
 * Verifies with the current secret; a bad signature is tried against the rotated-out secrets,
 * accepted while `now` is within `graceMs` of when each was replaced, refused after.
 */
export function verifyWithGrace(current: ChannelAdapter['verify'], retired: readonly RetiredVerifier[], request: ChannelRequest, now: number, graceMs: number): GraceVerifyResult {
  const verified = current(request);
  if (verified.ok || verified.reason !== 'bad_signature') return verified;
  for (const old of retired) {
    if (!old.verify(request).ok) continue;
    const use = { name: old.name, replacedAt: new Date(old.replacedAt).toISOString() };
    return now - old.replacedAt <= graceMs ? { ok: true, retiredSecret: use } : { ...verified, expiredSecret: use };
  }
  return verified;
}
