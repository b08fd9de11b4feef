import { seededUniform } from '../support/seededUniform';

/** Standard normal draws (Box–Muller) from the seeded generator, so a simulation is repeatable. */
export function seededNormals(seed: number): () => number {
  const uniform = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
