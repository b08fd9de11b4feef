import { Hono } from 'hono';
import { z } from 'zod';
import { listExperiments, readExperiment } from '../../experiments/readExperiment';
import { readExperimentResults } from '../../experiments/readExperimentResults';
import { planExperiment, powerInputSchema, type SampleSizePlan } from '../../experiments/planExperiment';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { ExperimentResultsPage } from './ExperimentResultsPage';
import { PowerCalculatorPage, type PowerForm } from './PowerCalculatorPage';

/** The form's labels for the plan's fields, to name the one that is wrong. */
const formLabels: Record<string, string> = {
  kind: 'Primary metric',
  baselineRate: "Today's rate",
  standardDeviation: 'Standard deviation',
  minimumDetectableEffect: 'Smallest effect',
  alpha: 'Significance level',
  power: 'Power',
  icc: 'ICC',
  meanClusterSize: 'Workers per cluster',
};

/** The power calculator's answer for the submitted form (rates in percent), or what is wrong, naming the field. */
function planFromForm(form: PowerForm): { plan: SampleSizePlan } | { problem: string } {
  const number = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : Number(value));
  const percent = (value: string | undefined) => (number(value) === undefined ? undefined : Number(value) / 100);
  const rate = form.kind !== 'mean';
  const parsed = powerInputSchema.safeParse({
    kind: rate ? 'proportion' : 'mean',
    baselineRate: rate ? percent(form.baselinePercent) : undefined,
    standardDeviation: rate ? undefined : number(form.standardDeviation),
    minimumDetectableEffect: rate ? percent(form.effect) : number(form.effect),
    alpha: number(form.alpha),
    power: number(form.power),
    icc: number(form.icc),
    meanClusterSize: number(form.meanClusterSize),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? '');
    return { problem: `${formLabels[field] ?? field}: ${issue.code === 'invalid_type' ? 'a number is needed' : issue.message}` };
  }
  const plan = planExperiment(parsed.data);
  if ('problem' in plan) {
    const field = plan.problem.field ?? '';
    return { problem: `${formLabels[field] ?? field}: ${plan.problem.message.replace(/^\w+: /, '')}` };
  }
  return { plan };
}

/** The experiment list, the power calculator and each experiment's results page. */
export function experimentPageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/experiments`, requireAction('experiments:read'), async (c) => {
    const staff = c.get('staff');
    const experiments = await listExperiments(forOrganization(deps.engine.orm.em, staff.organizationId));
    return c.html(
      <Page title="Experiments" staff={staff}>
        <table aria-label="Experiments">
          <thead><tr><th scope="col">Experiment</th><th scope="col">Level</th><th scope="col">Status</th><th scope="col">Primary metric</th><th scope="col">Assigned per variant</th></tr></thead>
          <tbody>
            {experiments.map((e) => (
              <tr>
                <td><a href={`${base}/experiments/${e.id}`}>{e.name}</a> <span class="muted">{e.key}</span></td>
                <td>{e.level}</td>
                <td>{e.status}</td>
                <td>{e.primaryMetric.replaceAll('_', ' ')}</td>
                <td>{e.variants.map((v) => `${v.key} ${v.assigned}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {experiments.length === 0 && <p class="muted">No experiments yet: create one with POST /v1/experiments.</p>}
        <p><a href={`${base}/experiments/power`}>Power calculator</a>: how many workers or clusters an experiment needs, before you start it.</p>
      </Page>,
    );
  });
  app.get(`${base}/experiments/power`, requireAction('experiments:read'), (c) => {
    const form: PowerForm = c.req.query();
    if (form.effect === undefined) return c.html(<PowerCalculatorPage staff={c.get('staff')} form={form} />);
    const answer = planFromForm(form);
    return c.html(<PowerCalculatorPage staff={c.get('staff')} form={form} {...answer} />, 'problem' in answer ? 400 : 200);
  });
  app.get(`${base}/experiments/:id`, requireAction('experiments:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const em = forOrganization(deps.engine.orm.em, staff.organizationId);
    if (!z.uuid().safeParse(id).success || !(await readExperiment(em, id))) return c.text('No experiment with this id in your organization.', 404);
    const analysis = c.req.query('analysis') === 'per_protocol' ? 'per_protocol' : 'intention_to_treat';
    const { experiment, results } = await readExperimentResults(em, id, analysis);
    return c.html(<ExperimentResultsPage staff={staff} experiment={experiment} results={results} />);
  });
  return app;
}
