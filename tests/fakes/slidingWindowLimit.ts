/**
 * A provider's throughput limit as the fakes enforce it: at most `perSecond` accepted requests in
 * any one-second window of the wall clock. Without a limit every request is allowed.
 */
export function createSlidingWindowLimit(perSecond: number | undefined): () => boolean {
  const accepted: number[] = [];
  return () => {
    if (perSecond === undefined) return true;
    const now = Date.now();
    while (accepted.length > 0 && accepted[0] <= now - 1000) accepted.shift();
    if (accepted.length >= perSecond) return false;
    accepted.push(now);
    return true;
  };
}
