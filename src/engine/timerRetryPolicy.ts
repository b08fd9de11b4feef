/**
 * How a timer whose step fails is retried: `attempts` failures in all, each retry later than the
 * last (`BACKOFF_BASE_MS` doubled per failure, at most `BACKOFF_CAP_MS`), then set aside for the
 * organization's admins (GET /v1/timers/set-aside). About an hour from the first failure.
 */
export const timerRetryPolicy = {
  attempts: 8,
  backoffBaseMs: 30_000,
  backoffCapMs: 60 * 60_000,
  /** How long a claimed timer belongs to the instance that claimed it (a crash mid-batch frees it then). */
  leaseMs: 5 * 60_000,
  /** A timer whose worker is busy elsewhere is claimable again after this long (the next tick). */
  busyHoldMs: 1_000,
  /** Longest error text kept on the timer. */
  errorChars: 1_000,
} as const;
