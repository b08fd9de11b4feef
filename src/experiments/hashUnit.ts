/** FNV-1a, 32 bits, over UTF-16 code units (as GrowthBook's SDKs compute it). */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/** How many places a unit can fall in: the hash's finest step is 1 / hashBuckets. */
export const hashBuckets = 10_000;

/**
 * Where a unit falls in [0, 1) for an experiment: GrowthBook's documented hash, version 2,
 * `(fnv32a(String(fnv32a(seed + unitId))) % 10000) / 10000`. Anyone with the seed and the unit id
 * (a worker id, or a cluster's attribute value) computes the same number: every instance, the API
 * and an offline analysis agree.
 */
export function hashUnit(seed: string, unitId: string): number {
  return (fnv32a(String(fnv32a(seed + unitId))) % hashBuckets) / hashBuckets;
}
