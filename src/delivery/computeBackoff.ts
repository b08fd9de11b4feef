import type { DeliveryPolicy } from './deliveryPolicy';

/**
 * Delay before the next attempt, milliseconds: exponential (base × 2^(attempt−1), capped) with
 * "equal jitter" (half fixed, half random), never shorter than the provider's Retry-After.
 * @param attempt the attempt that just failed, 1-based.
 * @param random a number in [0, 1), injectable for tests.
 */
export function computeBackoff(policy: DeliveryPolicy, attempt: number, retryAfterMs: number | undefined, random: number): number {
  const exponential = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (exponential / 2) * random;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
