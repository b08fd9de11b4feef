// Reference values: tests/experimentStats/references/cr2Reference.py (numpy 2.4.6 on this machine),
// which computes CR2 and the Bell–McCaffrey df from their full-matrix definitions; the module computes
// them through a low-rank shortcut, so agreement checks the shortcut too.
import { describe, expect, it } from 'vitest';
import { adjustedDifference } from '../../src/experimentStats/adjustedDifference';
import { clusteredDifference } from '../../src/experimentStats/clusteredDifference';
import { summarizeValues } from '../../src/experimentStats/summarizeValues';
import { welchDifference } from '../../src/experimentStats/welchDifference';
import type { AnalysisUnit } from '../../src/experimentStats/types';

/** The same deterministic data as cr2Reference.py: 8 clusters of 3 to 6 units, odd clusters treated. */
function referenceUnits(): AnalysisUnit[] {
  const units: AnalysisUnit[] = [];
  for (let g = 0; g < 8; g += 1) {
    const treated = g % 2;
    for (let i = 0; i < 3 + (g % 4); i += 1) {
      const baseline = (g * 5 + i * 2) % 9;
      units.push({ cluster: `c${g}`, treated: treated === 1, baseline, outcome: ((g * 7 + i * 3) % 11) / 2 + treated * 1.5 + 0.3 * baseline });
    }
  }
  return units;
}

describe('clusteredDifference', () => {
  it('matches the CR2 standard error and Bell–McCaffrey df of the reference script', () => {
    const result = clusteredDifference(referenceUnits());
    expect(result.difference).toBeCloseTo(1.7399999999999989, 10);
    expect(result.standardError).toBeCloseTo(0.4504995146360456, 10);
    expect(result.degreesOfFreedom).toBeCloseTo(5.5615985033132675, 8);
    expect(result.clusters).toEqual({ control: 4, treatment: 4 });
  });

  it('warns in plain words under 20 clusters, and not at 20', () => {
    expect(clusteredDifference(referenceUnits()).warning).toMatch(/Only 8 clusters/);
    const many = Array.from({ length: 20 }, (_, g) =>
      [0, 1, 2].map((i) => ({ cluster: `s${g}`, treated: g % 2 === 1, outcome: ((g * 3 + i) % 5) + (g % 2) })),
    ).flat();
    expect(clusteredDifference(many).warning).toBeUndefined();
  });

  it('names the unit without a cluster, and refuses an arm with a single cluster', () => {
    expect(() => clusteredDifference([{ treated: true, outcome: 1 }])).toThrow(/units\[0\]\.cluster/);
    const oneTreatedCluster = referenceUnits().filter((unit) => !unit.treated || unit.cluster === 'c1');
    expect(() => clusteredDifference(oneTreatedCluster)).toThrow(/at least 2 clusters/);
  });
});

describe('adjustedDifference', () => {
  it('matches the reference ANCOVA with CR2 when units are clustered', () => {
    const result = adjustedDifference(referenceUnits());
    expect(result.difference).toBeCloseTo(1.5466783495300285, 10);
    expect(result.standardError).toBeCloseTo(0.3193901685358977, 10);
    expect(result.degreesOfFreedom).toBeCloseTo(5.614032148442474, 8);
  });

  it('matches the reference ANCOVA with HC2 for individually randomized units', () => {
    const units = referenceUnits().map(({ cluster: _cluster, ...unit }) => unit);
    const result = adjustedDifference(units);
    expect(result.standardError).toBeCloseTo(0.5573011793384018, 10);
    expect(result.degreesOfFreedom).toBeCloseTo(28.697025905464958, 8);
    // 1 − (0.5573011793384018 / 0.5820969353168449)², the unadjusted HC2 SE from the same script
    expect(result.varianceReduction).toBeCloseTo(1 - (0.5573011793384018 / 0.5820969353168449) ** 2, 10);
    expect(result.baselineSlope).toBeGreaterThan(0);
  });

  it("reduces to Welch's standard error without a covariate (HC2 = Welch for two groups)", () => {
    const units = referenceUnits();
    const welch = welchDifference(
      summarizeValues(units.filter((unit) => !unit.treated).map((unit) => unit.outcome)),
      summarizeValues(units.filter((unit) => unit.treated).map((unit) => unit.outcome)),
    );
    // 0.5820969353168449 is the unadjusted HC2 SE of cr2Reference.py
    expect(welch.standardError).toBeCloseTo(0.5820969353168449, 10);
  });

  it('names the unit without a baseline', () => {
    expect(() => adjustedDifference([{ treated: true, outcome: 1, baseline: 2 }, { treated: false, outcome: 1 }])).toThrow(/units\[1\]\.baseline/);
  });
});
