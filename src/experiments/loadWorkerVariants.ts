import type { EntityManager } from '@mikro-orm/postgresql';
import { assignUnits } from './assignUnits';
import { loadAssignableExperiments } from './loadAssignableExperiments';

/**
 * The worker's variant (experiment key → variant key) in each running journey-level experiment
 * of these keys, assigning them on first need. Experiments not running, or that do not target
 * the worker, are absent: their `variant` rules do not hold and the default path is taken.
 */
export async function loadWorkerVariants(em: EntityManager, workerId: string, experimentKeys: readonly string[], at: number): Promise<Record<string, string>> {
  const variants: Record<string, string> = {};
  for (const experiment of await loadAssignableExperiments(em, { journeyKeys: experimentKeys })) {
    const variant = (await assignUnits(em, experiment, [workerId], at)).get(workerId);
    if (variant) variants[experiment.key] = variant;
  }
  return variants;
}
