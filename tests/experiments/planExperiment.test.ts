import { describe, expect, it } from 'vitest';
import { planExperiment, powerInputSchema, type PowerInput } from '../../src/experiments/planExperiment';

const plan = (input: Record<string, unknown>) => planExperiment(powerInputSchema.parse(input) as PowerInput);

describe('the power calculator', () => {
  it.each([1e-300, 1e-9, -1e-9, 0.0009])('refuses a rate effect of %s as too small to plan for, naming the smallest accepted', (effect) => {
    expect(plan({ kind: 'proportion', baselineRate: 0.5, minimumDetectableEffect: effect })).toEqual({
      problem: expect.objectContaining({ status: 400, code: 'invalid_power', field: 'minimumDetectableEffect', message: expect.stringContaining('0.001') }),
    });
  });

  it('measures a mean effect in standard deviations', () => {
    expect(plan({ kind: 'mean', standardDeviation: 1, minimumDetectableEffect: 1e-9 })).toEqual({
      problem: expect.objectContaining({ field: 'minimumDetectableEffect', message: expect.stringContaining('0.001 standard deviations') }),
    });
    expect(plan({ kind: 'mean', standardDeviation: 2e-9, minimumDetectableEffect: 1e-9 })).toMatchObject({ controlUnits: 64, treatmentUnits: 64 });
  });

  it.each([
    { kind: 'proportion', baselineRate: 0.5, minimumDetectableEffect: 0.001, alpha: 1e-300 },
    { kind: 'proportion', baselineRate: 0.5, minimumDetectableEffect: 0.001, icc: 1, meanClusterSize: 1e300 },
    { kind: 'mean', standardDeviation: 1e300, minimumDetectableEffect: 1e298, power: 0.9999999999999999, icc: 1, meanClusterSize: 1e12 },
  ])('refuses a plan beyond what any experiment reaches rather than answer an absurd number: %o', (input) => {
    expect(plan(input)).toEqual({ problem: expect.objectContaining({ status: 400, code: 'sample_out_of_reach', field: 'minimumDetectableEffect' }) });
  });

  it.each([
    { kind: 'proportion', baselineRate: 0.5, minimumDetectableEffect: 0.001 },
    { kind: 'mean', standardDeviation: 1e300, minimumDetectableEffect: 1e297 },
  ])('answers whole, safe numbers for the smallest accepted effect: %o', (input) => {
    const answer = plan(input);
    if ('problem' in answer) throw new Error(answer.problem.message);
    for (const count of [answer.controlUnits, answer.treatmentUnits, answer.totalUnits]) expect(Number.isSafeInteger(count)).toBe(true);
  });
});
