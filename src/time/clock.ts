/** Where business time comes from. Machines never read the clock; every event carries `at` from here. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
