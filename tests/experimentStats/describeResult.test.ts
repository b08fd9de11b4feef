import { describe, expect, it } from 'vitest';
import { describeResult } from '../../src/experimentStats/describeResult';
import type { VerdictInput } from '../../src/experimentStats/types';

const quiz: VerdictInput = {
  metricLabel: 'first-try quiz correctness',
  treatmentName: 'B',
  controlName: 'A',
  metricKind: 'proportion',
  units: 120,
  plannedUnits: 120,
  fixed: { difference: 0.08, interval: { lower: 0.02, upper: 0.14, confidence: 0.95 }, pValue: 0.01 },
  sequential: { lower: -0.01, upper: 0.17, confidence: 0.95 },
};

describe('describeResult', () => {
  it('states a clear win in points with the fixed-horizon interval once the plan is reached', () => {
    expect(describeResult(quiz)).toEqual({
      status: 'treatment-better',
      headline: 'B raised first-try quiz correctness by 8 points (95% CI 2 to 14).',
      notes: [],
    });
  });

  it('waits for the planned sample while the always-valid interval still spans zero', () => {
    const verdict = describeResult({ ...quiz, units: 41 });
    expect(verdict.status).toBe('collecting');
    expect(verdict.headline).toBe('Not enough data yet: 41 of 120 planned.');
    expect(verdict.notes[0]).toMatch(/^Fixed-horizon reading so far: 8 points \(95% CI 2 to 14, p = 0\.01\)/);
  });

  it('calls it early when the always-valid interval excludes zero', () => {
    const verdict = describeResult({ ...quiz, units: 80, sequential: { lower: 0.01, upper: 0.15, confidence: 0.95 } });
    expect(verdict.headline).toBe('B raised first-try quiz correctness by 8 points (95% always-valid CI 1 to 15).');
  });

  it('reads a lower value as worse only where higher is better', () => {
    const lower = { ...quiz, fixed: { difference: -0.08, interval: { lower: -0.14, upper: -0.02, confidence: 0.95 }, pValue: 0.01 } };
    expect(describeResult(lower)).toMatchObject({ status: 'treatment-worse', headline: 'B lowered first-try quiz correctness by 8 points (95% CI −14 to −2).' });
    expect(describeResult({ ...lower, metricLabel: 'opt-out', higherIsBetter: false }).status).toBe('treatment-better');
  });

  it('reports no clear difference for a mean metric at the planned sample', () => {
    const verdict = describeResult({
      ...quiz,
      metricKind: 'mean',
      metricLabel: 'quiz score',
      fixed: { difference: 0.125, interval: { lower: -0.3, upper: 0.55, confidence: 0.95 }, pValue: 0.4 },
    });
    expect(verdict).toMatchObject({ status: 'no-difference', headline: 'No clear difference in quiz score between B and A: 0.13 (95% CI −0.3 to 0.55).' });
  });

  it('calls a margin where interval and test disagree borderline, not a win', () => {
    const verdict = describeResult({ ...quiz, fixed: { ...quiz.fixed, pValue: 0.06 } });
    expect(verdict.status).toBe('no-difference');
    expect(verdict.notes).toEqual([expect.stringMatching(/^Borderline: .*\(p = 0\.06\)/)]);
  });

  it('puts a sample-ratio mismatch first and keeps the warnings', () => {
    const verdict = describeResult({
      ...quiz,
      warnings: ['Only 8 clusters were randomized'],
      sampleRatio: { chiSquare: 16, degreesOfFreedom: 1, pValue: 0.0000633, expected: [5000, 5000], mismatch: true },
    });
    expect(verdict.status).toBe('sample-ratio-mismatch');
    expect(verdict.headline).toMatch(/^Sample ratio mismatch: the arms are not split as planned \(p = 0\.000063\)/);
    expect(verdict.notes).toEqual(['Only 8 clusters were randomized']);
  });
});
