/** One thing checked against the provider, in words an admin understands. */
export interface VerifyCheck {
  check: string;
  ok: boolean;
  message: string;
  /** The provider's error code, when it gave one. */
  providerCode?: string;
}

/** The answer of a connection check. */
export interface VerifyResult {
  ok: boolean;
  /** What is wrong, when something is: `bad_credentials`, `account_not_found`, `wrong_number_id`, `number_not_found`, `number_not_enabled`, `wrong_waba`, `number_not_in_waba`, `number_taken`, `provider_unreachable`, `no_provider`. */
  problem?: string;
  checks: VerifyCheck[];
}

/** Sums up checks: ok when all are; the first failure names the problem. */
export function summarize(checks: VerifyCheck[], problem?: string): VerifyResult {
  const ok = checks.every((c) => c.ok);
  return ok ? { ok, checks } : { ok, problem: problem ?? 'provider_error', checks };
}
