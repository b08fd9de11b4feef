/**
 * Waits before each retry, ms (Standard Webhooks' suggested schedule): 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h: about 27.6 hours from the first attempt to the last, eight attempts in all.
 */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** When the attempt after `attempts` failed ones is due, or undefined when the delivery gives up. */
export function nextAttemptAt(attempts: number, now: number, delays: readonly number[] = RETRY_DELAYS_MS): number | undefined {
  const delay = delays[attempts - 1];
  return delay === undefined ? undefined : now + delay;
}
