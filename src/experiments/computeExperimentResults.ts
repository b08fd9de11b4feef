import { describeResult } from '../experimentStats/describeResult';
import { holmAdjust } from '../experimentStats/holmAdjust';
import { sampleRatioCheck } from '../experimentStats/sampleRatioCheck';
import { sequentialInterval } from '../experimentStats/sequentialInterval';
import { summarizeValues } from '../experimentStats/summarizeValues';
import { criticalValue } from '../experimentStats/tReference';
import type { Interval, SampleRatioCheck, Verdict } from '../experimentStats/types';
import { wilsonInterval } from '../experimentStats/wilsonInterval';
import { compareArms, type ArmComparison, type MetricValue } from './compareArms';
import { binaryMetrics, rateMetrics, type ExperimentMetric } from './experimentDesign';
import { metricLabels } from './metricLabels';
import type { ExperimentView } from './readExperiment';
import type { Analysis, ExperimentUnit } from './readExperimentUnits';

export interface ArmSummary {
  variant: string;
  units: number;
  /** A rate (0..1) or a mean; null without data. */
  estimate: number | null;
  interval: Interval | null;
}

export interface ComparisonResult {
  variant: string;
  estimate: ArmComparison | null;
  /** Holm-adjusted across the secondary metrics (the primary is not adjusted). */
  adjustedPValue?: number;
  sequential: Interval | null;
  verdict: Verdict;
}

export interface MetricResult {
  metric: ExperimentMetric;
  label: string;
  kind: 'proportion' | 'mean';
  role: 'primary' | 'secondary';
  arms: ArmSummary[];
  comparisons: ComparisonResult[];
}

export interface ExperimentResults {
  experimentId: string;
  analysis: Analysis;
  /** Units analysed (workers, or clusters in a cluster design) and the plan, all arms together. */
  units: number;
  plannedUnits: number | null;
  /**
   * CONSORT-style counts per variant (intention-to-treat): assigned → exposed → completed; program
   * level also the variant's first message delivered and read (exposed: it was sent).
   */
  flow: { variant: string; assigned: number; exposed: number; delivered?: number; read?: number; completed: number }[];
  sampleRatio: { workers: SampleRatioCheck | null; clusters: SampleRatioCheck | null };
  /** With stratified randomization: workers per stratum and arm; and the baseline well-being per arm. */
  balance: { attribute: string | null; strata: { stratum: string; counts: Record<string, number> }[]; baselineWellBeing: Record<string, number | null> };
  metrics: MetricResult[];
}

function valuesOf(units: ExperimentUnit[], metric: ExperimentMetric, clustered: boolean): MetricValue[] {
  return units.flatMap((unit) => {
    const value = unit[metric];
    if (value === null || value === undefined) return [];
    const baseline = metric === 'well_being_change' && unit.well_being_baseline !== null && unit.well_being_after !== null ? { baseline: unit.well_being_baseline, level: unit.well_being_after } : {};
    return [{ value: Number(value), ...(clustered ? { cluster: unit.unit_id } : {}), ...baseline }];
  });
}

function summarizeArm(variant: string, values: MetricValue[], binary: boolean): ArmSummary {
  if (values.length === 0) return { variant, units: 0, estimate: null, interval: null };
  if (binary) {
    const successes = values.filter((v) => v.value === 1).length;
    return { variant, units: values.length, estimate: successes / values.length, interval: wilsonInterval({ successes, units: values.length }) };
  }
  const { mean, variance } = summarizeValues(values.map((v) => v.value));
  if (values.length < 2) return { variant, units: 1, estimate: mean, interval: null };
  const half = criticalValue(0.95, values.length - 1) * Math.sqrt(variance / values.length);
  return { variant, units: values.length, estimate: mean, interval: { lower: mean - half, upper: mean + half, confidence: 0.95 } };
}

const srm = (counts: number[], weights: number[]) => (counts.reduce((a, b) => a + b, 0) > 0 ? sampleRatioCheck(counts, weights) : null);

/**
 * The experiment's results from its unit rows: per metric and variant n, estimate and interval;
 * per treatment the design's estimate against the control, its p-value (Holm-adjusted for the
 * secondary metrics), the always-valid interval and a plain-language verdict; the sample-ratio
 * check at worker and cluster level; the CONSORT flow; the balance table.
 */
export function computeExperimentResults(experiment: ExperimentView, units: ExperimentUnit[], analysis: Analysis, allUnits: ExperimentUnit[] = units): ExperimentResults {
  const variants = experiment.variants;
  const control = variants.find((v) => v.control) ?? variants[0];
  const clustered = experiment.unitAttribute !== null;
  const byVariant = (rows: ExperimentUnit[], key: string) => rows.filter((u) => u.variant === key);
  const weights = variants.map((v) => v.weight);
  const clusterCount = (rows: ExperimentUnit[]) => new Set(rows.map((u) => u.unit_id)).size;
  const analysedUnits = clustered ? clusterCount(units) : units.length;
  const plannedUnits = experiment.plannedSample === null ? null : experiment.plannedSample * variants.length;
  const sampleRatio = {
    workers: srm(variants.map((v) => byVariant(allUnits, v.key).length), weights),
    clusters: clustered ? srm(variants.map((v) => clusterCount(byVariant(allUnits, v.key))), weights) : null,
  };
  const metrics = [experiment.primaryMetric, ...experiment.secondaryMetrics.filter((m) => m !== experiment.primaryMetric)];
  const results: MetricResult[] = metrics.map((metric, index) => {
    const { label, higherIsBetter } = metricLabels[metric];
    const valuesByVariant = new Map(variants.map((v) => [v.key, valuesOf(byVariant(units, v.key), metric, clustered)]));
    // A per-worker share is yes/no when every worker had one try (one quiz): then the exact tests apply.
    const binary = binaryMetrics.has(metric) || (rateMetrics.has(metric) && [...valuesByVariant.values()].every((values) => values.every((v) => v.value === 0 || v.value === 1)));
    const kind = rateMetrics.has(metric) ? 'proportion' : 'mean';
    const comparisons = variants.filter((v) => v.key !== control.key).map((treatment): ComparisonResult => {
      const a = valuesByVariant.get(control.key) ?? [];
      const b = valuesByVariant.get(treatment.key) ?? [];
      const pairUnits = clustered ? new Set([...a, ...b].map((v) => v.cluster)).size : a.length + b.length;
      const planned = experiment.plannedSample === null ? pairUnits : experiment.plannedSample * 2;
      let estimate: ArmComparison | null = null;
      let problem: string | undefined;
      try {
        if (a.length >= 2 && b.length >= 2) estimate = compareArms(a, b, binary);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (!estimate || !Number.isFinite(estimate.standardError)) {
        const headline = problem ? `${label}: cannot be estimated yet (${problem})` : `not enough data yet: ${pairUnits} of ${planned} planned`;
        return { variant: treatment.key, estimate: null, sequential: null, verdict: { status: 'collecting', headline, notes: [] } };
      }
      const sequential = planned > 0 ? sequentialInterval(estimate, pairUnits, { plannedUnits: planned }) : null;
      const verdict = describeResult({
        metricLabel: label,
        treatmentName: treatment.name,
        controlName: control.name,
        metricKind: kind,
        units: pairUnits,
        plannedUnits: planned,
        fixed: { difference: estimate.difference, interval: estimate.interval, pValue: estimate.pValue },
        sequential: sequential ?? estimate.interval,
        ...(sampleRatio.workers ? { sampleRatio: sampleRatio.clusters?.mismatch ? sampleRatio.clusters : sampleRatio.workers } : {}),
        ...(estimate.warning ? { warnings: [estimate.warning] } : {}),
        higherIsBetter,
      });
      return { variant: treatment.key, estimate, sequential, verdict };
    });
    return {
      metric,
      label,
      kind,
      role: index === 0 ? 'primary' : 'secondary',
      arms: variants.map((v) => summarizeArm(v.key, valuesByVariant.get(v.key) ?? [], binary)),
      comparisons,
    };
  });
  // Holm across the secondary metrics, per treatment.
  for (const treatment of variants.filter((v) => v.key !== control.key)) {
    const tested = results.slice(1).map((m) => m.comparisons.find((c) => c.variant === treatment.key)).filter((c): c is ComparisonResult => c?.estimate != null);
    holmAdjust(tested.map((c) => c.estimate?.pValue ?? 1)).forEach((p, i) => (tested[i].adjustedPValue = p));
  }
  const wellBeing = (key: string) => {
    const values = byVariant(allUnits, key).flatMap((u) => (u.well_being_baseline === null ? [] : [u.well_being_baseline]));
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const strata = [...new Set(allUnits.map((u) => u.stratum).filter((s): s is string => s !== null))].sort();
  return {
    experimentId: experiment.id,
    analysis,
    units: analysedUnits,
    plannedUnits,
    flow: variants.map((v) => {
      const rows = byVariant(allUnits, v.key);
      const exposed = rows.filter((u) => u.exposed_at !== null);
      const firstMessage = experiment.level === 'program'
        ? { delivered: exposed.filter((u) => u.first_delivered_at !== null || u.first_read_at !== null).length, read: exposed.filter((u) => u.first_read_at !== null).length }
        : {};
      return { variant: v.key, assigned: rows.length, exposed: exposed.length, ...firstMessage, completed: exposed.filter((u) => u.journey_completion === 1).length };
    }),
    sampleRatio,
    balance: {
      attribute: experiment.stratifyAttribute,
      strata: strata.map((stratum) => ({ stratum, counts: Object.fromEntries(variants.map((v) => [v.key, byVariant(allUnits, v.key).filter((u) => u.stratum === stratum).length])) })),
      baselineWellBeing: Object.fromEntries(variants.map((v) => [v.key, wellBeing(v.key)])),
    },
    metrics: results,
  };
}
