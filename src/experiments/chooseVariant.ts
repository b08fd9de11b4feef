/**
 * The variant whose share of [0, 1) holds `bucket`: the weights are normalised and laid end to end
 * in the variants' order (GrowthBook's bucket ranges with full coverage). Returns the index.
 */
export function chooseVariant(bucket: number, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let end = 0;
  for (let i = 0; i < weights.length; i++) {
    end += weights[i] / total;
    if (bucket < end) return i;
  }
  return weights.length - 1;
}
