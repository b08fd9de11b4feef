import { LRUCache } from 'lru-cache';
import { hashUnit } from './hashUnit';

// A block is shuffled once for all its positions: with weights far apart (1 and 10,000) it holds
// ten thousand places, each shuffle hashing every one of them.
const shuffledBlocks = new LRUCache<string, readonly number[]>({ maxSize: 1_000_000, sizeCalculation: (block) => block.length });

function shuffledBlock(seed: string, stratum: string, blockIndex: number, sizes: readonly number[]): readonly number[] {
  const key = `${seed}\u0000${stratum}\u0000${blockIndex}\u0000${sizes.join(',')}`;
  const cached = shuffledBlocks.get(key);
  if (cached) return cached;
  const block = sizes.flatMap((size, index) => Array.from({ length: size }, () => index));
  for (let i = block.length - 1; i > 0; i--) {
    const j = Math.floor(hashUnit(seed, `${stratum}:${blockIndex}:${i}`) * (i + 1));
    [block[i], block[j]] = [block[j], block[i]];
  }
  shuffledBlocks.set(key, block);
  return block;
}

/**
 * The variant index of the `position`-th unit of a stratum under stratified randomization:
 * permuted blocks, each holding every variant in proportion to its weight (weights relative to
 * the smallest, rounded), shuffled by Fisher–Yates with numbers from the experiment's hash, so
 * the order is reproducible from the seed, the stratum and the arrival order.
 */
export function permutedBlockVariant(seed: string, stratum: string, position: number, weights: readonly number[]): number {
  const smallest = Math.min(...weights);
  const sizes = weights.map((weight) => Math.max(1, Math.round(weight / smallest)));
  const length = sizes.reduce((sum, size) => sum + size, 0);
  return shuffledBlock(seed, stratum, Math.floor(position / length), sizes)[position % length];
}
