import { describe, expect, it } from 'vitest';
import { readExperimentResults } from '../../src/experiments/readExperimentResults';
import { playQuizExperiment, liftingQuizFlow } from '../support/playQuizExperiment';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: liftingQuizFlow });

describe('a journey-level experiment played through the engine', () => {
  it('splits the workers, takes each variant branch, records exposures and metrics, and computes results', async () => {
    const { experimentId, workers } = await playQuizExperiment(world(), 40);

    const assigned = await world().sql<{ worker_id: string; variant: string }>(
      `select ea.worker_id, ev.key as variant from experiment_assignments ea join experiment_variants ev on ev.id = ea.experiment_variant_id
        where ea.organization_id = :organization_id and ea.experiment_id = :id`,
      { id: experimentId },
    );
    expect(assigned).toHaveLength(40);
    const variantOf = new Map(assigned.map((row) => [row.worker_id, row.variant]));
    expect(new Set(variantOf.values())).toEqual(new Set(['long', 'short']));

    for (const worker of workers) {
      const asked = (await world().log(worker.id)).filter((m) => m.direction === 'outbound').map((m) => m.touchpoint_key);
      expect(asked, worker.id).toContain(variantOf.get(worker.id) === 'short' ? 'q-short' : 'q-long');
      expect(asked).not.toContain(variantOf.get(worker.id) === 'short' ? 'q-long' : 'q-short');
    }

    const exposures = await world().sql<{ n: number }>(`select count(*)::int as n from experiment_exposures where organization_id = :organization_id and experiment_id = :id`, { id: experimentId });
    expect(exposures[0].n).toBe(40);

    const { results } = await readExperimentResults(world().em(), experimentId, 'intention_to_treat');
    const primary = results.metrics[0];
    expect(primary.metric).toBe('first_try_correct');
    const arms = Object.fromEntries(primary.arms.map((arm) => [arm.variant, arm]));
    // The short question puts the right answer first: its workers answered right, the long one's did not.
    expect(arms.short.estimate).toBe(1);
    expect(arms.long.estimate).toBe(0);
    expect(primary.comparisons[0].estimate?.difference).toBe(1);
    expect(primary.comparisons[0].estimate?.pValue).toBeLessThan(0.001);
    expect(primary.comparisons[0].verdict.headline).toMatch(/first-try quiz correctness/);
    expect(results.flow.map((f) => f.assigned).reduce((a, b) => a + b)).toBe(40);
    expect(results.flow.every((f) => f.exposed === f.assigned && f.completed === f.assigned)).toBe(true);
    expect(results.sampleRatio.workers?.mismatch).toBe(false);
  });
});
