import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { planExperiment, powerInputSchema } from '../../experiments/planExperiment';
import { readExperiment, type ExperimentView } from '../../experiments/readExperiment';
import { readExperimentResults } from '../../experiments/readExperimentResults';
import { findExperimentFlows, readExperimentUnits, unitColumns } from '../../experiments/readExperimentUnits';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { streamCsvPages } from '../exports/streamCsvExport';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';

const tags = ['Experiments'];
const owns = { id: 'experiments' } as const;

const results = apiRoute('experiments:read', {
  method: 'get',
  path: '/v1/experiments/{id}/results',
  tags,
  summary: 'Results: per variant n, estimate, interval, p-value, always-valid interval, verdict; SRM check; CONSORT flow; balance',
  request: { params: IdParams, query: z.object({ analysis: z.enum(['intention_to_treat', 'per_protocol']).default('intention_to_treat').openapi({ description: 'intention_to_treat: every assigned worker; per_protocol: only the exposed' }) }) },
  responses: { 200: { description: 'The results (type ExperimentResults in src/experiments/computeExperimentResults.ts)' } },
}, owns);
const units = apiRoute('experiments:read', {
  method: 'get',
  path: '/v1/experiments/{id}/units.csv',
  tags,
  summary: 'Unit-level data for outside analysis (CSV, streamed): variant, exposure and every metric per worker',
  request: { params: IdParams },
  responses: { 200: { description: 'CSV (RFC 4180, UTF-8)', content: { 'text/csv': { schema: z.string() } } } },
}, owns);
const power = apiRoute('experiments:read', {
  method: 'post',
  path: '/v1/experiments/power',
  tags,
  summary: 'Power calculator: workers (and clusters) per arm for a minimum detectable effect',
  request: jsonBody(powerInputSchema),
  responses: { 200: jsonContent(z.object({ controlUnits: z.number(), treatmentUnits: z.number(), totalUnits: z.number(), designEffect: z.number(), clusters: z.object({ control: z.number(), treatment: z.number(), total: z.number() }).optional() }), 'The plan') },
});

/** Experiment results, unit-level export and the power calculator. */
export function registerExperimentResultRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(results, async (c) => c.json((await readExperimentResults(c.get('em'), c.req.valid('param').id, c.req.valid('query').analysis)).results, 200));
  app.openapi(units, async (c) => {
    const em = c.get('em');
    const experiment = (await readExperiment(em, c.req.valid('param').id)) as ExperimentView;
    const flows = await findExperimentFlows(em, experiment);
    const stream = streamCsvPages(unitColumns, 'worker_id', async (after, limit) => (await readExperimentUnits(em, experiment, { flows, after, limit })) as unknown as Record<string, unknown>[]);
    return c.body(stream, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="experiment-${experiment.key}-units.csv"` });
  });
  app.openapi(power, (c) => {
    const plan = planExperiment(c.req.valid('json'));
    return 'problem' in plan ? errorResponse(c, plan.problem.status, plan.problem.code, plan.problem.message, plan.problem.field) : c.json(plan, 200);
  });
}
