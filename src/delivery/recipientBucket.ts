/** A channel's pacing of messages to one recipient (the Cloud API pair rate). */
export interface RecipientPacing {
  /** Steady gap between two messages to one recipient, milliseconds (Cloud API: 6000). */
  intervalMs: number;
  /** Messages one recipient may get at once, borrowed from later (Cloud API: 45). */
  burst: number;
}

/** One recipient's bucket, as stored in recipient_pacing (epoch ms). */
export interface RecipientBucket {
  /** When the bucket is full again: each message sent moves it one interval later (GCRA's theoretical arrival time). */
  fullAt: number;
  /** X of the last 4^X-second back-off after a pair-rate refusal; 0 when none. */
  backoffExponent: number;
  /** No message to this recipient before this time (a back-off), or 0. */
  blockedUntil: number;
}

export const emptyBucket: RecipientBucket = { fullAt: 0, backoffExponent: 0, blockedUntil: 0 };

/** Longest back-off exponent: 4^6 s is about 68 minutes. */
const MAX_BACKOFF_EXPONENT = 6;

/**
 * Takes a token for one message at `now` (epoch ms): a token bucket of `burst` tokens refilled one
 * per interval, kept as the time it is full again (GCRA), so a burst borrows from later and the
 * steady rate follows. Answers the bucket after the message, or when a token is next free.
 */
export function takeRecipientToken(bucket: RecipientBucket, pacing: RecipientPacing, now: number): { ok: true; bucket: RecipientBucket } | { ok: false; at: number } {
  if (now < bucket.blockedUntil) return { ok: false, at: bucket.blockedUntil };
  const fullAt = Math.max(bucket.fullAt, now);
  const tolerance = (Math.max(1, pacing.burst) - 1) * pacing.intervalMs;
  if (fullAt - now > tolerance) return { ok: false, at: fullAt - tolerance };
  return { ok: true, bucket: { ...bucket, fullAt: fullAt + pacing.intervalMs } };
}

/**
 * A pair-rate refusal (Cloud API 131056) at `now`: no message to the recipient for 4^X seconds, as
 * Meta advises, X growing by one with each refusal that comes within a back-off's length of the
 * last one ending, else starting again at 1.
 */
export function backOffRecipient(bucket: RecipientBucket, now: number): RecipientBucket {
  const lastMs = 4 ** bucket.backoffExponent * 1000;
  const again = bucket.backoffExponent > 0 && now < bucket.blockedUntil + lastMs;
  const exponent = again ? Math.min(bucket.backoffExponent + 1, MAX_BACKOFF_EXPONENT) : 1;
  const blockedUntil = now + 4 ** exponent * 1000;
  return { fullAt: Math.max(bucket.fullAt, blockedUntil), backoffExponent: exponent, blockedUntil };
}
