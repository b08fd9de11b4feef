import type { EntityManager } from '@mikro-orm/postgresql';
import { recordExposures } from '../experiments/recordExposures';

/** What a step knows that exposure needs. */
export interface ExposureStep {
  em: EntityManager;
  workerId: string;
  /** Touchpoint key → experiment keys its rules branch on. */
  variantDecisions?: Map<string, string[]>;
  /** Business time, epoch ms. */
  at: number;
}

/**
 * A step that leaves a touchpoint whose rules branch on experiments (completed or skipped) has
 * taken a `variant` branch: the worker is exposed to those experiments.
 */
export async function recordVariantExposures(step: ExposureStep, actions: readonly { type: string; params?: unknown }[]): Promise<void> {
  const decided = new Set<string>();
  for (const action of actions) {
    if (action.type !== 'recordProgress') continue;
    const params = action.params as { key: string; scope: string; status: string };
    if (params.scope !== 'touchpoint' || params.status === 'started') continue;
    for (const key of step.variantDecisions?.get(params.key) ?? []) decided.add(key);
  }
  if (decided.size > 0) await recordExposures(step.em, step.workerId, { experimentKeys: [...decided] }, step.at);
}
