import type { ExperimentResults, MetricResult } from '../../experiments/computeExperimentResults';
import type { ExperimentView } from '../../experiments/readExperiment';
import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import { ConsortFlow } from './ConsortFlow';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function formatValue(metric: MetricResult, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return metric.kind === 'proportion' ? percent(value) : value.toFixed(2);
}

function formatDifference(metric: MetricResult, value: number): string {
  return metric.kind === 'proportion' ? `${(value * 100).toFixed(1)} pts` : value.toFixed(2);
}

const formatP = (p: number | undefined) => (p === undefined ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

function MetricTable({ metric }: { metric: MetricResult }) {
  return (
    <section data-metric={metric.metric}>
      <h3>{`${metric.label} (${metric.role})`}</h3>
      <table aria-label={`${metric.label} per variant`}>
        <thead><tr><th scope="col">Variant</th><th scope="col">n</th><th scope="col">Estimate</th><th scope="col">95% interval</th></tr></thead>
        <tbody>
          {metric.arms.map((arm) => (
            <tr data-variant={arm.variant}>
              <td>{arm.variant}</td>
              <td data-field="n">{arm.units}</td>
              <td data-field="estimate">{formatValue(metric, arm.estimate)}</td>
              <td>{arm.interval ? `${formatValue(metric, arm.interval.lower)} to ${formatValue(metric, arm.interval.upper)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table aria-label={`${metric.label} against the control`}>
        <thead><tr><th scope="col">Variant</th><th scope="col">Difference</th><th scope="col">95% CI</th><th scope="col">Always-valid CI</th><th scope="col">p-value</th><th scope="col">Method</th><th scope="col">Verdict</th></tr></thead>
        <tbody>
          {metric.comparisons.map((comparison) => (
            <tr data-variant={comparison.variant}>
              <td>{comparison.variant}</td>
              <td>{comparison.estimate ? formatDifference(metric, comparison.estimate.difference) : '—'}</td>
              <td>{comparison.estimate ? `${formatDifference(metric, comparison.estimate.interval.lower)} to ${formatDifference(metric, comparison.estimate.interval.upper)}` : '—'}</td>
              <td>{comparison.sequential ? `${formatDifference(metric, comparison.sequential.lower)} to ${formatDifference(metric, comparison.sequential.upper)}` : '—'}</td>
              <td data-field="p">{formatP(comparison.adjustedPValue ?? comparison.estimate?.pValue)}{comparison.adjustedPValue !== undefined ? ' (Holm)' : ''}</td>
              <td>{comparison.estimate?.method ?? '—'}</td>
              <td data-field="verdict">{comparison.verdict.headline}{comparison.verdict.notes.map((note) => <div class="muted">{note}</div>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** An experiment's results: the verdict of its primary metric, SRM banner, CONSORT flow, every metric, balance and design log. */
export function ExperimentResultsPage({ staff, experiment, results }: { staff: Staff; experiment: ExperimentView; results: ExperimentResults }) {
  const mismatch = results.sampleRatio.workers?.mismatch || results.sampleRatio.clusters?.mismatch;
  const other = results.analysis === 'per_protocol' ? 'intention_to_treat' : 'per_protocol';
  return (
    <Page title={`Experiment: ${experiment.name}`} staff={staff}>
      <p>
        <span data-testid="status">{experiment.status}</span> · {experiment.level}-level · unit: {experiment.unitAttribute ? `cluster by ${experiment.unitAttribute}` : 'worker'} ·
        {' '}<span data-testid="units">{results.units}</span> of {results.plannedUnits ?? '—'} planned ·
        {' '}analysis: <strong data-testid="analysis">{results.analysis.replaceAll('_', '-')}</strong>{' '}
        (<a href={`${base}/experiments/${experiment.id}?analysis=${other}`}>show {other.replaceAll('_', '-')}</a>)
      </p>
      {mismatch && (
        <p class="banner" role="alert" data-testid="srm">
          Sample ratio mismatch: the arms' sizes differ from the planned weights more than chance allows (p = {formatP(results.sampleRatio.clusters?.mismatch ? results.sampleRatio.clusters.pValue : results.sampleRatio.workers?.pValue)}). Assignment or exposure is broken: do not trust these results until it is explained.
        </p>
      )}
      {experiment.hypothesis && <p><strong>Hypothesis:</strong> {experiment.hypothesis}</p>}
      <h2>Participant flow</h2>
      <ConsortFlow flow={results.flow} />
      <h2>Results</h2>
      {results.metrics.map((metric) => <MetricTable metric={metric} />)}
      {results.balance.strata.length > 0 && (
        <>
          <h2>{`Balance by ${results.balance.attribute ?? 'stratum'}`}</h2>
          <table aria-label="Balance per arm">
            <thead><tr><th scope="col">Stratum</th>{experiment.variants.map((v) => <th scope="col">{v.key}</th>)}</tr></thead>
            <tbody>{results.balance.strata.map((row) => <tr><td>{row.stratum}</td>{experiment.variants.map((v) => <td>{row.counts[v.key] ?? 0}</td>)}</tr>)}</tbody>
          </table>
        </>
      )}
      <p class="muted">Baseline well-being per arm: {experiment.variants.map((v) => `${v.key} ${results.balance.baselineWellBeing[v.key]?.toFixed(2) ?? '—'}`).join(' · ')}</p>
      <h2>Design changes while running</h2>
      {experiment.changes.length === 0 ? <p class="muted">None: the design is as pre-registered.</p> : (
        <ul data-testid="changes">{experiment.changes.map((change) => <li>{`${change.field} changed on ${change.changedAt.slice(0, 10)}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`}</li>)}</ul>
      )}
      <p><a href={`/v1/experiments/${experiment.id}/units.csv`}>Unit-level data (CSV, through the API with a key)</a></p>
    </Page>
  );
}
