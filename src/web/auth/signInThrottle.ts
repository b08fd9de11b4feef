/** Options of the sign-in throttle. */
export interface SignInThrottleOptions {
  /** Failed attempts allowed per email within the window (default 10). */
  maxFailures?: number;
  /** The window, in ms (default 15 minutes). */
  windowMs?: number;
}

/**
 * Slows password guessing: after too many failures for one email within the window, further
 * attempts are refused until the window has passed. Kept in memory per instance (several
 * instances each allow their own count: a shared store would be the next step).
 */
export function createSignInThrottle({ maxFailures = 10, windowMs = 15 * 60_000 }: SignInThrottleOptions = {}) {
  const failures = new Map<string, number[]>();
  const recent = (email: string, now: number) => (failures.get(email) ?? []).filter((at) => now - at < windowMs);
  return {
    /** Whether this email may try a password now. */
    allows(email: string, now: number): boolean {
      return recent(email, now).length < maxFailures;
    },
    failed(email: string, now: number): void {
      if (failures.size > 100_000) failures.clear();
      failures.set(email, [...recent(email, now), now]);
    },
    succeeded(email: string): void {
      failures.delete(email);
    },
  };
}
