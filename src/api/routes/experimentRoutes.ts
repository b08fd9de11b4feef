import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { assignUnits } from '../../experiments/assignUnits';
import { changeExperimentStatus, type ExperimentTransition } from '../../experiments/changeExperimentStatus';
import { createExperiment } from '../../experiments/createExperiment';
import { deliveryPolicySchema } from '../../blueprints/machineContract';
import { createExperimentSchema, updateExperimentSchema } from '../../experiments/experimentDesign';
import type { ExperimentProblem } from '../../experiments/experimentProblem';
import { loadAssignableExperiments } from '../../experiments/loadAssignableExperiments';
import { listExperiments, readExperiment } from '../../experiments/readExperiment';
import { updateExperiment } from '../../experiments/updateExperiment';
import { errorResponse } from '../../http/httpErrors';
import { refuseUnknownIds } from '../../programs/manageProgram';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { checkExperimentsAllowed } from '../../limits/tierLimits';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';

const tags = ['Experiments'];
const owns = { id: 'experiments' } as const;

const ExperimentSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  level: z.enum(['journey', 'program']),
  status: z.enum(['draft', 'running', 'stopped', 'analysed']),
  seed: z.string().openapi({ description: 'Assignment is hashUnit(seed, unitId): GrowthBook\'s FNV-1a hash, version 2' }),
  programId: z.string().nullable(),
  unitAttribute: z.string().nullable().openapi({ description: 'null: each worker is a unit; else the worker attribute whose value is the cluster (site, team, store)' }),
  stratifyAttribute: z.string().nullable(),
  segmentId: z.string().nullable(),
  hypothesis: z.string().nullable(),
  primaryMetric: z.string(),
  secondaryMetrics: z.array(z.string()),
  minimumDetectableEffect: z.number().nullable(),
  plannedSample: z.number().nullable(),
  startedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  analysedAt: z.string().nullable(),
  createdAt: z.string(),
  variants: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string(), weight: z.number(), control: z.boolean(), blueprintKey: z.string().nullable(), deliveryPolicy: deliveryPolicySchema.nullable(), assigned: z.number() })),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), changedAt: z.string() })).openapi({ description: 'Design changes made while running (weights, segment, name), oldest first' }),
}).openapi('Experiment');

const create = apiRoute('experiments:write', { method: 'post', path: '/v1/experiments', tags, summary: 'Create a draft experiment: variants, unit, targeting, pre-registration', request: jsonBody(createExperimentSchema), responses: { 201: jsonContent(ExperimentSchema, 'Created (draft)'), 402: { description: 'The tier has no experiments (tier_limit)' }, 409: { description: 'The key is taken' } } });
const list = apiRoute('experiments:read', { method: 'get', path: '/v1/experiments', tags, summary: 'List experiments', responses: { 200: jsonContent(z.object({ experiments: z.array(ExperimentSchema) }), 'Newest first') } });
const read = apiRoute('experiments:read', { method: 'get', path: '/v1/experiments/{id}', tags, summary: 'Read an experiment with its variants and design log', request: { params: IdParams }, responses: { 200: jsonContent(ExperimentSchema, 'The experiment') } }, owns);
const update = apiRoute('experiments:write', { method: 'patch', path: '/v1/experiments/{id}', tags, summary: "Change the design (a running experiment: only name, segmentId and weights, logged)", request: { params: IdParams, ...jsonBody(updateExperimentSchema) }, responses: { 200: jsonContent(ExperimentSchema, 'Changed'), 409: { description: 'The design is locked (design_locked, naming the field)' } } }, owns);
const assign = apiRoute('experiments:write', { method: 'post', path: '/v1/experiments/{id}/assignments', tags, summary: 'Assign workers now (or read their sticky variant): the same answer as the engine gives; an id that is not a worker of your organization is a 400 naming it', request: { params: IdParams, ...jsonBody(z.object({ workerIds: z.array(z.uuid()).min(1).max(10_000) })) }, responses: { 200: jsonContent(z.object({ assignments: z.record(z.string(), z.string()) }), 'Worker id → variant key (workers the experiment does not target are absent)'), 409: { description: 'Not running' } } }, owns);
const transitions = (['start', 'stop', 'analyse'] as const).map((transition) => ({
  transition,
  route: apiRoute(
    'experiments:write',
    { method: 'post', path: `/v1/experiments/{id}/${transition}`, tags, summary: `${transition[0].toUpperCase()}${transition.slice(1)} the experiment`, request: { params: IdParams }, responses: { 200: jsonContent(ExperimentSchema, 'The new status'), 402: { description: 'The tier has no experiments' }, 409: { description: 'Not allowed from the current status' } } },
    owns,
  ),
}));

const refuse = (c: Context, problem: ExperimentProblem) => errorResponse(c, problem.status, problem.code, problem.message, problem.field);

/** Experiments: design, lifecycle, assignment. */
export function registerExperimentRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(create, async (c) => {
    const refusal = await checkExperimentsAllowed(c.get('em'));
    if (refusal) return errorResponse(c, 402, refusal.code, refusal.message);
    const result = await createExperiment(c.get('em'), c.req.valid('json'));
    return 'problem' in result ? refuse(c, result.problem) : c.json(result, 201);
  });
  app.openapi(list, async (c) => c.json({ experiments: await listExperiments(c.get('em')) }, 200));
  app.openapi(read, async (c) => c.json(await readExperiment(c.get('em'), c.req.valid('param').id), 200));
  app.openapi(update, async (c) => {
    const result = await updateExperiment(c.get('em'), c.req.valid('param').id, c.req.valid('json'), deps.engine.clock.now());
    return 'problem' in result ? refuse(c, result.problem) : c.json(result, 200);
  });
  app.openapi(assign, async (c) => {
    const em = c.get('em');
    const experiment = await readExperiment(em, c.req.valid('param').id);
    if (experiment?.status !== 'running') return errorResponse(c, 409, 'not_running', `status: the experiment is ${experiment?.status}; workers are assigned only while it runs`, 'status');
    const unknownWorker = await refuseUnknownIds(em, { workerIds: c.req.valid('json').workerIds });
    if (unknownWorker) return errorResponse(c, 400, unknownWorker.code, unknownWorker.message, unknownWorker.field);
    const which = experiment.level === 'journey' ? { journeyKeys: [experiment.key] } : { programId: experiment.programId ?? '' };
    const [assignable] = (await loadAssignableExperiments(em, which)).filter((e) => e.id === experiment.id);
    const assignments = await em.transactional((tx) => assignUnits(tx, assignable, c.req.valid('json').workerIds, deps.engine.clock.now()));
    return c.json({ assignments: Object.fromEntries(assignments) }, 200);
  });
  for (const { transition, route } of transitions) {
    app.openapi(route, async (c) => {
      const em = c.get('em');
      if (transition === 'start') {
        const refusal = await checkExperimentsAllowed(em);
        if (refusal) return errorResponse(c, 402, refusal.code, refusal.message);
      }
      const result = await changeExperimentStatus(em, c.req.valid('param').id, transition as ExperimentTransition, deps.engine.clock.now());
      return 'problem' in result ? refuse(c, result.problem) : c.json(result, 200);
    });
  }
}
