import type { Clock } from '../../src/time/clock';

/** A clock the test moves: no sleeps, no flakiness. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 5, 7, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;
