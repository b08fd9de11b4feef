import type { SampleSizePlan } from '../../experiments/planExperiment';
import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';

/** The form's fields as typed (strings), so a refused plan shows them back. */
export type PowerForm = Partial<Record<'kind' | 'baselinePercent' | 'standardDeviation' | 'effect' | 'alpha' | 'power' | 'icc' | 'meanClusterSize', string>>;

/** The answer in words: workers (and clusters) per arm for the effect. */
function PlanAnswer({ plan, form }: { plan: SampleSizePlan; form: PowerForm }) {
  const effect = form.kind === 'mean' ? `a difference of ${form.effect}` : `${form.effect} percentage points`;
  return (
    <section class="card" data-testid="power-answer" aria-live="polite">
      <h2>Sample needed</h2>
      <p>
        To detect {effect} with {Math.round(Number(form.power ?? 0.8) * 100)}% power at a {Number(form.alpha ?? 0.05)} significance level, you need{' '}
        <strong data-field="per-arm">{plan.controlUnits.toLocaleString('en')}</strong> workers per arm (<span data-field="total">{plan.totalUnits.toLocaleString('en')}</span> for a control and one variant).
      </p>
      {plan.clusters && (
        <p>
          With clusters of {form.meanClusterSize} workers and an ICC of {form.icc}, the design effect is {plan.designEffect.toFixed(2)}: that is{' '}
          <strong data-field="clusters">{plan.clusters.control.toLocaleString('en')}</strong> clusters per arm ({plan.clusters.total.toLocaleString('en')} in all).
          {plan.clusters.control < 20 && ' Under 20 clusters per arm the cluster-robust intervals are only approximate.'}
        </p>
      )}
      <p class="muted">Enter this as the experiment's plannedSample (per variant) before you start it.</p>
    </section>
  );
}

/** How many workers or clusters an experiment needs, before it starts (README "Running an experiment"). */
export function PowerCalculatorPage({ staff, form, plan, problem }: { staff: Staff; form: PowerForm; plan?: SampleSizePlan; problem?: string }) {
  const kind = form.kind === 'mean' ? 'mean' : 'proportion';
  return (
    <Page title="Power calculator" staff={staff}>
      <p><a href={`${base}/experiments`}>← Experiments</a></p>
      <form class="filters card" method="get" action={`${base}/experiments/power`} aria-label="Power calculator">
        <p>
          <label for="p-kind">Primary metric</label>
          <select id="p-kind" name="kind">
            <option value="proportion" selected={kind === 'proportion'}>a rate (completion, first-try correctness…)</option>
            <option value="mean" selected={kind === 'mean'}>a mean (score, well-being, hours…)</option>
          </select>
        </p>
        <p><label for="p-baseline">Today's rate, % (rates)</label><input id="p-baseline" name="baselinePercent" inputmode="decimal" value={form.baselinePercent ?? ''} /></p>
        <p><label for="p-sd">Standard deviation (means)</label><input id="p-sd" name="standardDeviation" inputmode="decimal" value={form.standardDeviation ?? ''} /></p>
        <p><label for="p-effect">Smallest effect worth detecting (percentage points for a rate, the mean's units for a mean)</label><input id="p-effect" name="effect" inputmode="decimal" value={form.effect ?? ''} /></p>
        <p><label for="p-alpha">Significance level</label><input id="p-alpha" name="alpha" inputmode="decimal" value={form.alpha ?? '0.05'} /></p>
        <p><label for="p-power">Power</label><input id="p-power" name="power" inputmode="decimal" value={form.power ?? '0.8'} /></p>
        <fieldset>
          <legend>Cluster design (randomizing sites or teams): both, or neither</legend>
          <p><label for="p-icc">Intra-cluster correlation (ICC)</label><input id="p-icc" name="icc" inputmode="decimal" value={form.icc ?? ''} /></p>
          <p><label for="p-m">Workers per cluster (mean)</label><input id="p-m" name="meanClusterSize" inputmode="decimal" value={form.meanClusterSize ?? ''} /></p>
        </fieldset>
        <p><button type="submit">Calculate</button></p>
        {problem && <p class="error" role="alert" data-testid="power-problem">{problem}</p>}
      </form>
      {plan && <PlanAnswer plan={plan} form={form} />}
    </Page>
  );
}
