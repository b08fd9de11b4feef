/** Holm's step-down adjusted p-values (family-wise error across the secondary metrics), in input order. */
export function holmAdjust(pValues: number[]): number[] {
  const count = pValues.length;
  const order = pValues.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const adjusted = new Array<number>(count);
  let running = 0;
  order.forEach(({ value, index }, rank) => {
    running = Math.max(running, Math.min(1, (count - rank) * value));
    adjusted[index] = running;
  });
  return adjusted;
}
