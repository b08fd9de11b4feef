import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chooseVariant } from '../../src/experiments/chooseVariant';
import { fnv32a, hashUnit } from '../../src/experiments/hashUnit';
import { permutedBlockVariant } from '../../src/experiments/permutedBlock';

describe('the assignment hash', () => {
  it('is FNV-1a 32 (the reference test vectors of the FNV authors: "", "a", "foobar")', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it("lands in [0, 1) as GrowthBook's version-2 formula does, the same on every call", () => {
    const id = '7f3c2a8e-0000-4000-8000-000000000001';
    expect(hashUnit('welcome-test', id)).toBe((fnv32a(String(fnv32a(`welcome-test${id}`))) % 10000) / 10000);
    expect(hashUnit('welcome-test', id)).toBe(hashUnit('welcome-test', id));
    expect(hashUnit('another-seed', id)).not.toBe(hashUnit('welcome-test', id));
  });

  it('respects the weights within binomial bounds on 100,000 ids (20 / 30 / 50)', () => {
    const n = 100_000;
    const weights = [2, 3, 5];
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[chooseVariant(hashUnit('weights-check', randomUUID()), weights)]++;
    weights.forEach((weight, arm) => {
      const p = weight / 10;
      // 4.5 standard deviations: a false alarm about once in 150,000 runs per arm.
      const bound = 4.5 * Math.sqrt(n * p * (1 - p));
      expect(Math.abs(counts[arm] - n * p), `arm ${arm}: ${counts[arm]}`).toBeLessThan(bound);
    });
  });

  it('lays the weights end to end in order', () => {
    expect(chooseVariant(0, [1, 1])).toBe(0);
    expect(chooseVariant(0.4999, [1, 1])).toBe(0);
    expect(chooseVariant(0.5, [1, 1])).toBe(1);
    expect(chooseVariant(0.9999, [1, 3])).toBe(1);
    expect(chooseVariant(0.2, [1, 3])).toBe(0);
  });

  it('balances each stratum exactly at every full permuted block', () => {
    const weights = [1, 2];
    const counts = [0, 0];
    for (let position = 0; position < 30; position++) counts[permutedBlockVariant('strata', 'Nairobi', position, weights)]++;
    expect(counts).toEqual([10, 20]);
    const orders = new Set(Array.from({ length: 10 }, (_, block) => [0, 1, 2].map((i) => permutedBlockVariant('strata', 'Nairobi', block * 3 + i, weights)).join('')));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('gives a position the same variant whichever positions were asked before it (each block shuffled once, then kept)', () => {
    const weights = [1, 3, 2];
    const kisumuBackwards = Array.from({ length: 60 }, (_, index) => permutedBlockVariant('kept', 'Kisumu', 59 - index, weights)).reverse();
    const mombasa = Array.from({ length: 60 }, (_, position) => permutedBlockVariant('kept', 'Mombasa', position, weights));
    const kisumu = Array.from({ length: 60 }, (_, position) => permutedBlockVariant('kept', 'Kisumu', position, weights));
    expect(kisumu).toEqual(kisumuBackwards);
    // Each stratum, seed and block keeps its own order: a block kept for one is never another's.
    expect(mombasa).not.toEqual(kisumu);
    expect(Array.from({ length: 60 }, (_, position) => permutedBlockVariant('other', 'Kisumu', position, weights))).not.toEqual(kisumu);
    expect(mombasa.filter((variant) => variant === 1)).toHaveLength(30);
  });
});
