import { clusterRobustFit, type RegressionRow } from './clusterRobustFit';
import { tReference } from './tReference';
import type { AdjustedDifference, AnalysisUnit } from './types';

/**
 * Baseline-adjusted treatment − control difference (ANCOVA; CUPED with its slope fitted jointly):
 * outcome ~ 1 + treated + (baseline − mean baseline), with HC2 standard errors (Lin 2013, Ann. Appl.
 * Stat. 7:295: robust SEs keep ANCOVA valid under unequal variances) or CR2 when units carry a cluster,
 * and Bell–McCaffrey df. `varianceReduction` compares with the same fit without the baseline.
 */
export function adjustedDifference(units: AnalysisUnit[], confidence = 0.95): AdjustedDifference {
  const missing = units.findIndex((unit) => unit.baseline === undefined || !Number.isFinite(unit.baseline));
  if (missing >= 0) throw new RangeError(`units[${missing}].baseline: every unit needs a baseline for the adjusted analysis`);
  const meanBaseline = units.reduce((sum, unit) => sum + (unit.baseline as number), 0) / units.length;
  const rows: RegressionRow[] = units.map((unit, index) => ({
    x: [1, unit.treated ? 1 : 0, (unit.baseline as number) - meanBaseline],
    y: unit.outcome,
    cluster: unit.cluster ?? `unit ${index}`,
  }));
  const adjusted = clusterRobustFit(rows, 1);
  const unadjusted = clusterRobustFit(rows.map((row) => ({ ...row, x: row.x.slice(0, 2) })), 1);
  return {
    ...tReference(adjusted.coefficient, adjusted.standardError, adjusted.degreesOfFreedom, confidence),
    baselineSlope: adjusted.coefficients[2],
    varianceReduction: 1 - (adjusted.standardError / unadjusted.standardError) ** 2,
  };
}
