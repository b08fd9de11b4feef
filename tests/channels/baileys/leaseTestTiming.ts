/** Short real-time lease settings for the two-process test, milliseconds. */
export const leaseTestTiming = { tickMs: 100, leaseTtlMs: 1_500, heartbeatMs: 300, safetyMarginMs: 500, reconnectBaseMs: 200, reconnectCapMs: 1_000 };
