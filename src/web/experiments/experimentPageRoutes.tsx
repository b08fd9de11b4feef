import { Hono } from 'hono';
import { z } from 'zod';
import { listExperiments, readExperiment } from '../../experiments/readExperiment';
import { readExperimentResults } from '../../experiments/readExperimentResults';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { ExperimentResultsPage } from './ExperimentResultsPage';

/** The experiment list and each experiment's results page. */
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
      </Page>,
    );
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
