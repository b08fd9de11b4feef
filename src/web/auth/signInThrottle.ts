/** Options of the sign-in throttle. */
export interface SignInThrottleOptions {
  /** Failed attempts allowed per (email, client) within the window (default 10). */
  maxFailuresPerAccount?: number;
  /** Failed attempts allowed per client, whatever the emails, within the window (default 50). */
  maxFailuresPerClient?: number;
  /** The window, in ms (default 15 minutes). */
  windowMs?: number;
}

/** Why an attempt is refused: too many failures for this email from this client, or from this client at all. */
export type ThrottleRefusal = 'account' | 'client';

/**
 * Slows password guessing without handing strangers a lock on someone's account: failures are
 * counted per (email, client) and per client, never per email alone, so guesses from one client
 * lock that client out, and the owner signing in from elsewhere is not refused. Kept in memory
 * per instance (several instances each allow their own count: a shared store would be the next step).
 */
export function createSignInThrottle({ maxFailuresPerAccount = 10, maxFailuresPerClient = 50, windowMs = 15 * 60_000 }: SignInThrottleOptions = {}) {
  const failures = new Map<string, number[]>();
  const pairKey = (email: string, client: string) => `${client}\n${email}`;
  const clientKey = (client: string) => `${client}\n`;
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((at) => now - at < windowMs);
  const note = (key: string, now: number) => failures.set(key, [...recent(key, now), now]);
  return {
    /** Why this client may not try a password for this email now, or undefined when it may. */
    refusal(email: string, client: string, now: number): ThrottleRefusal | undefined {
      if (recent(clientKey(client), now).length >= maxFailuresPerClient) return 'client';
      if (recent(pairKey(email, client), now).length >= maxFailuresPerAccount) return 'account';
      return undefined;
    },
    failed(email: string, client: string, now: number): void {
      if (failures.size > 100_000) failures.clear();
      note(pairKey(email, client), now);
      note(clientKey(client), now);
    },
    /** A right password clears the (email, client) count; the client's own count stays, so one valid account cannot reset it. */
    succeeded(email: string, client: string): void {
      failures.delete(pairKey(email, client));
    },
  };
}
