import { hashUnit } from './hashUnit';

/**
 * The variant index of the `position`-th unit of a stratum under stratified randomization:
 * permuted blocks, each holding every variant in proportion to its weight (weights relative to
 * the smallest, rounded), shuffled by Fisher–Yates with numbers from the experiment's hash, so
 * the order is reproducible from the seed, the stratum and the arrival order.
 */
export function permutedBlockVariant(seed: string, stratum: string, position: number, weights: readonly number[]): number {
  const smallest = Math.min(...weights);
  const block = weights.flatMap((weight, index) => Array.from({ length: Math.max(1, Math.round(weight / smallest)) }, () => index));
  const blockIndex = Math.floor(position / block.length);
  for (let i = block.length - 1; i > 0; i--) {
    const j = Math.floor(hashUnit(seed, `${stratum}:${blockIndex}:${i}`) * (i + 1));
    [block[i], block[j]] = [block[j], block[i]];
  }
  return block[position % block.length];
}
