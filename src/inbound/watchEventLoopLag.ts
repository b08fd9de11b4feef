import { performance } from 'node:perf_hooks';

export interface EventLoopLag {
  /** How late the latest sample's timer fired, milliseconds: what a webhook waits per turn of the loop right now. */
  lagMs(): number;
  stop(): void;
}

/**
 * Measures this process's event loop by a timer every `sampleMs` (milliseconds, default 10): how
 * far past its time it fired. Unlike `monitorEventLoopDelay`'s histogram it answers the present,
 * which is what the inbound processor needs to step aside for webhooks.
 */
export function watchEventLoopLag(sampleMs = 10): EventLoopLag {
  let lagMs = 0;
  let expected = performance.now() + sampleMs;
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(0, now - expected);
    expected = now + sampleMs;
  }, sampleMs);
  timer.unref();
  return { lagMs: () => lagMs, stop: () => clearInterval(timer) };
}
