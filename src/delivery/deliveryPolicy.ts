/** How the dispatcher paces, retries and recovers sends. Every field has a default (`defaultDeliveryPolicy`). */
export interface DeliveryPolicy {
  /** Send attempts before a transient failure is recorded as failed. Default 8. */
  maxAttempts: number;
  /** Delay before the first retry of a transient failure, milliseconds; doubles each attempt. Default 1000. */
  backoffBaseMs: number;
  /** Longest delay between two attempts, milliseconds. Default 300000 (5 minutes). */
  backoffCapMs: number;
  /**
   * How long a claimed send may take before it counts as abandoned by a crashed instance,
   * milliseconds (business clock). Must exceed the adapters' request timeout. Default 120000.
   */
  sendLeaseMs: number;
  /** Queued rows read per claim query. Default 50. */
  candidateBatch: number;
  /** Most messages one claim transaction takes for the dispatcher loop. Default 20. */
  claimBatch: number;
  /** A deferred earlier message to the same worker stops blocking later ones when due beyond this, milliseconds. Default 60000. */
  orderHorizonMs: number;
  /**
   * This instance's Baileys lease holder id: Baileys channels are sent only from the instance that
   * holds their socket. Without it, Baileys rows are left to other instances.
   */
  baileysHolder?: string;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 8,
  backoffBaseMs: 1_000,
  backoffCapMs: 300_000,
  sendLeaseMs: 120_000,
  candidateBatch: 50,
  claimBatch: 20,
  orderHorizonMs: 60_000,
};
