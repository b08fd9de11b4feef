import { describe, expect, it } from 'vitest';
import { computeExperimentResults } from '../../src/experiments/computeExperimentResults';
import type { ExperimentView } from '../../src/experiments/readExperiment';
import type { ExperimentUnit } from '../../src/experiments/readExperimentUnits';

const experiment = (extra: Partial<ExperimentView> = {}): ExperimentView => ({
  id: 'e', key: 'k', name: 'K', level: 'journey', status: 'running', seed: 'k', programId: null, unitAttribute: null, stratifyAttribute: null,
  segmentId: null, hypothesis: null, primaryMetric: 'journey_completion', secondaryMetrics: ['opt_out', 'quiz_score'], minimumDetectableEffect: null,
  plannedSample: 100, startedAt: null, stoppedAt: null, analysedAt: null, createdAt: '2026-12-01T00:00:00.000Z', changes: [],
  variants: [
    { id: 'va', key: 'a', name: 'A', weight: 1, control: true, blueprintKey: null, deliveryPolicy: null, assigned: 0 },
    { id: 'vb', key: 'b', name: 'B', weight: 1, control: false, blueprintKey: null, deliveryPolicy: null, assigned: 0 },
  ],
  ...extra,
});

/** `count` units of a variant, every `completeEvery`-th one completing its journey. */
function units(variant: string, count: number, completeEvery: number, from = 0): ExperimentUnit[] {
  return Array.from({ length: count }, (_, i) => ({
    worker_id: `${variant}-${from + i}`, variant, unit_id: `${variant}-${from + i}`, stratum: null, assigned_at: new Date(0), exposed_at: i % 10 === 0 ? null : new Date(0), first_delivered_at: null, first_read_at: null,
    journey_completion: i % completeEvery === 0 ? 1 : 0, touchpoint_completion: null, first_try_correct: null, quiz_score: i % 5, reflection_submitted: 0,
    well_being_baseline: null, well_being_after: null, well_being_change: null, time_to_complete: null, opt_out: i % 20 === 0 ? 1 : 0,
  }));
}

describe('experiment results', () => {
  it('flag a sample ratio mismatch on a skewed split, and not on a fair one', () => {
    const skewed = computeExperimentResults(experiment(), [...units('a', 130, 2), ...units('b', 70, 2)], 'intention_to_treat');
    expect(skewed.sampleRatio.workers?.mismatch).toBe(true);
    expect(skewed.metrics[0].comparisons[0].verdict.status).toBe('sample-ratio-mismatch');
    const fair = computeExperimentResults(experiment(), [...units('a', 104, 2), ...units('b', 96, 2)], 'intention_to_treat');
    expect(fair.sampleRatio.workers?.mismatch).toBe(false);
  });

  it('read the wider always-valid interval before the plan is reached, adjust the secondaries with Holm, and count the flow', () => {
    const results = computeExperimentResults(experiment({ plannedSample: 500 }), [...units('a', 40, 2), ...units('b', 40, 3)], 'intention_to_treat');
    const primary = results.metrics[0];
    expect(primary.kind).toBe('proportion');
    expect(primary.arms.map((arm) => arm.units)).toEqual([40, 40]);
    expect(primary.comparisons[0].sequential!.upper - primary.comparisons[0].sequential!.lower).toBeGreaterThan(primary.comparisons[0].estimate!.interval.upper - primary.comparisons[0].estimate!.interval.lower);
    expect(results.metrics.slice(1).every((m) => m.comparisons[0].adjustedPValue !== undefined)).toBe(true);
    expect(results.flow).toEqual([{ variant: 'a', assigned: 40, exposed: 36, completed: 16 }, { variant: 'b', assigned: 40, exposed: 36, completed: 12 }]);
  });

  it('analyse clusters as the units of a cluster design', () => {
    const clustered = [...units('a', 60, 2), ...units('b', 60, 2)].map((u, i) => ({ ...u, unit_id: `site-${u.variant}-${i % 6}` }));
    const results = computeExperimentResults(experiment({ unitAttribute: 'site' }), clustered, 'intention_to_treat');
    expect(results.units).toBe(12);
    expect(results.metrics[0].comparisons[0].estimate?.method).toBe('cr2');
    expect(results.metrics[0].comparisons[0].estimate?.warning).toMatch(/20/);
  });
});
