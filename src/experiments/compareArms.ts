import { adjustedDifference } from '../experimentStats/adjustedDifference';
import { clusteredDifference } from '../experimentStats/clusteredDifference';
import { compareProportions } from '../experimentStats/compareProportions';
import { relativeLift } from '../experimentStats/relativeLift';
import { summarizeValues } from '../experimentStats/summarizeValues';
import type { Interval, LiftEstimate } from '../experimentStats/types';
import { welchDifference } from '../experimentStats/welchDifference';

/** One unit's value of a metric, with what a design-aware estimate needs. */
export interface MetricValue {
  value: number;
  cluster?: string;
  baseline?: number;
  /** The outcome before subtracting the baseline, for the baseline-adjusted (ANCOVA) estimate. */
  level?: number;
}

export interface ArmComparison {
  difference: number;
  interval: Interval;
  standardError: number;
  pValue: number;
  /** fisher-exact, two-proportion-z, welch, cr2 (clusters) or ancova (baseline-adjusted). */
  method: string;
  lift?: LiftEstimate;
  warning?: string;
}

/**
 * Treatment minus control with the estimate the design calls for (all from experimentStats):
 * clusters → CR2; a baseline for every unit → ANCOVA (CUPED); yes/no → Wilson/Newcombe with
 * Fisher or z; else Welch.
 */
export function compareArms(control: MetricValue[], treatment: MetricValue[], binary: boolean): ArmComparison {
  if (control.some((u) => u.cluster !== undefined)) {
    const units = [...control.map((u) => ({ treated: false, outcome: u.value, cluster: u.cluster })), ...treatment.map((u) => ({ treated: true, outcome: u.value, cluster: u.cluster }))];
    const result = clusteredDifference(units);
    return { difference: result.difference, interval: result.interval, standardError: result.standardError, pValue: result.pValue, method: 'cr2', ...(result.warning ? { warning: result.warning } : {}) };
  }
  if (binary) {
    const arm = (values: MetricValue[]) => ({ successes: values.filter((u) => u.value === 1).length, units: values.length });
    const result = compareProportions(arm(control), arm(treatment));
    return { difference: result.difference, interval: result.differenceInterval, standardError: result.standardError, pValue: result.pValue, method: result.test, ...(result.lift ? { lift: result.lift } : {}) };
  }
  const lift = relativeLift(summarizeValues(control.map((u) => u.value)), summarizeValues(treatment.map((u) => u.value)));
  if ([...control, ...treatment].every((u) => u.baseline !== undefined && u.level !== undefined)) {
    const units = [...control.map((u) => ({ treated: false, outcome: u.level as number, baseline: u.baseline })), ...treatment.map((u) => ({ treated: true, outcome: u.level as number, baseline: u.baseline }))];
    const result = adjustedDifference(units);
    return { difference: result.difference, interval: result.interval, standardError: result.standardError, pValue: result.pValue, method: 'ancova', ...(lift ? { lift } : {}) };
  }
  const result = welchDifference(summarizeValues(control.map((u) => u.value)), summarizeValues(treatment.map((u) => u.value)));
  return { difference: result.difference, interval: result.interval, standardError: result.standardError, pValue: result.pValue, method: 'welch', ...(lift ? { lift } : {}) };
}
