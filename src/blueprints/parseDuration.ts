const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/** Turns a flow duration such as "30m", "4h" or "1d12h" into milliseconds. */
export function parseDuration(duration: string): number {
  let total = 0;
  for (const match of duration.matchAll(/(\d+)([dhms])/g)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
  }
  return total;
}
