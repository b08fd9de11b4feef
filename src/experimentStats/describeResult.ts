import type { Interval, Verdict, VerdictInput } from './types';

function formatNumber(value: number, decimals: number): string {
  const rounded = Number(value.toFixed(decimals));
  return String(Object.is(rounded, -0) ? 0 : rounded).replace('-', '−');
}

function formatter(kind: VerdictInput['metricKind']): { amount: (value: number) => string; unit: string } {
  // Rates are read in percentage points ("8 points"); means keep their own unit.
  return kind === 'proportion'
    ? { amount: (value) => formatNumber(value * 100, 1), unit: ' points' }
    : { amount: (value) => formatNumber(value, 2), unit: '' };
}

function describeInterval(input: VerdictInput, interval: Interval, label: string): string {
  const { amount } = formatter(input.metricKind);
  return `${Math.round(interval.confidence * 100)}% ${label} ${amount(interval.lower)} to ${amount(interval.upper)}`;
}

/**
 * Plain language for one comparison. While fewer units than planned are in, the verdict rests on the
 * always-valid interval (peeking at the fixed-horizon one would inflate false positives); a sample-ratio
 * mismatch overrides everything, since the arms are then not comparable.
 */
export function describeResult(input: VerdictInput): Verdict {
  const notes = [...(input.warnings ?? [])];
  const { amount, unit } = formatter(input.metricKind);
  const collecting = input.units < input.plannedUnits;
  const interval = collecting ? input.sequential : input.fixed.interval;
  const intervalText = describeInterval(input, interval, collecting ? 'always-valid CI' : 'CI');
  const alpha = input.alpha ?? 0.05;
  if (collecting) {
    notes.push(
      `Fixed-horizon reading so far: ${amount(input.fixed.difference)}${unit} (${describeInterval(input, input.fixed.interval, 'CI')}, p = ${formatNumber(input.fixed.pValue, 3)}); it is not used before the planned sample is reached.`,
    );
  }
  if (input.sampleRatio?.mismatch) {
    return {
      status: 'sample-ratio-mismatch',
      headline: `Sample ratio mismatch: the arms are not split as planned (p = ${input.sampleRatio.pValue.toPrecision(2)}); check assignment and exposure logging before trusting any result.`,
      notes,
    };
  }
  const excludesZero = interval.lower > 0 || interval.upper < 0;
  const significant = collecting ? excludesZero : excludesZero && input.fixed.pValue < alpha;
  if (significant) {
    const raised = input.fixed.difference > 0;
    return {
      status: raised === (input.higherIsBetter ?? true) ? 'treatment-better' : 'treatment-worse',
      headline: `${input.treatmentName} ${raised ? 'raised' : 'lowered'} ${input.metricLabel} by ${amount(Math.abs(input.fixed.difference))}${unit} (${intervalText}).`,
      notes,
    };
  }
  if (collecting) {
    return { status: 'collecting', headline: `Not enough data yet: ${input.units} of ${input.plannedUnits} planned.`, notes };
  }
  return {
    status: 'no-difference',
    headline: `No clear difference in ${input.metricLabel} between ${input.treatmentName} and ${input.controlName}: ${amount(input.fixed.difference)}${unit} (${intervalText}).`,
    notes,
  };
}
