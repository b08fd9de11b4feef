import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'hono';
import { checkProgramExperiments } from '../../experiments/checkProgramExperiments';
import { errorResponse } from '../../http/httpErrors';
import { hasProgramEnded } from '../../engine/programDates';
import { changeProgramStatus, type ProgramTransition } from '../../programs/changeProgramStatus';
import { LicenceLimitError } from '../../marketplace/enforceLicences';
import { describeDateChange } from '../../programs/describeDateChange';
import { assignWorkers, startPendingConversations } from '../../programs/enrollProgram';
import { createProgram, deleteProgram, getProgram, listPrograms, refuseUnknownIds, type ProgramRefusal } from '../../programs/manageProgram';
import { programProgress } from '../../programs/programProgress';
import { unenrollWorkers } from '../../programs/unenrollWorkers';
import { ProgramDatesError, updateProgram } from '../../programs/updateProgram';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { checkProgramTemplates, type ProgramTemplateCheck } from '../../templates/checkProgramTemplates';
import { storableDate } from '../../time/storableDates';
import { MAX_LISTED_WORKERS } from '../../broadcasts/broadcastInput';

const tags = ['Programs'];
const owns = { id: 'programs' } as const;
/** Enrollments up to this many new workers start their conversations before answering. */
const START_INLINE_MAX = 200;

const isoDate = storableDate.openapi({ example: '2026-12-01' });
const channelField = z
  .uuid()
  .nullable()
  .optional()
  .openapi({ description: "The channel the program's messages go out on: an active channel of your organization (GET /v1/channels); null or omitted: the organization's default channel. A worker who writes on another channel continues there" });
/** A new program's body; the console's form is read with it too. */
export const CreateProgram = z
  .object({
    name: z.string().trim().min(1).max(255),
    startDate: isoDate.nullable().optional(),
    endDate: isoDate.nullable().optional(),
    blueprints: z.array(z.string().min(1).max(100)).min(1).max(20).openapi({ description: 'Journey blueprint keys, played in this order', example: ['onboarding', 'safety-training'] }),
    segmentIds: z.array(z.uuid()).max(50).default([]),
    autoEnroll: z.boolean().default(false).openapi({ description: 'While the program is active, workers who join a target segment later are enrolled (by the scheduler)' }),
    channelId: channelField,
  })
  .refine((p) => !p.startDate || !p.endDate || p.startDate <= p.endDate, { message: 'must not be before startDate', path: ['endDate'] });
const ProgramSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(['draft', 'active', 'paused', 'completed']),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    blueprints: z.array(z.object({ key: z.string(), version: z.number().openapi({ description: 'The version new enrollments get: the latest published version of the key (a running conversation stays on the version it started)' }), order: z.number() })),
    segmentIds: z.array(z.string()),
    autoEnroll: z.boolean(),
    channelId: z.uuid().nullable().openapi({ description: "The program's channel; null: the organization's default" }),
    createdAt: z.string(),
  })
  .openapi('Program');
const PatchProgram = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  segmentIds: z.array(z.uuid()).max(50).optional(),
  autoEnroll: z.boolean().optional(),
  channelId: channelField,
});
const listedWorkersLimit = `list at most ${MAX_LISTED_WORKERS} workers (the body limit is 1 MiB): enroll a segment for more`;
/** An enrollment's body; the console's forms build one. */
export const Enroll = z.object({
  useProgramSegments: z.boolean().default(true).openapi({ description: "Enroll the active members of the program's target segments" }),
  segmentIds: z.array(z.uuid()).max(50).optional(),
  workerIds: z.array(z.uuid()).max(MAX_LISTED_WORKERS, listedWorkersLimit).optional(),
});
const EnrollResult = z.object({ assigned: z.number(), started: z.number().optional(), startingInBackground: z.boolean() });
const Unenroll = z.object({
  workerIds: z.array(z.uuid()).min(1).max(MAX_LISTED_WORKERS, listedWorkersLimit).openapi({ description: 'The workers to unenroll (one or many); those not actively enrolled are left alone' }),
  reason: z.string().trim().min(1).max(500).openapi({ description: 'Why, kept on the assignment (shown to staff, never to the worker)', example: 'Left the company' }),
});
const UnenrollResult = z.object({
  dropped: z.number().openapi({ description: 'Assignments now dropped' }),
  conversationsEnded: z.number().openapi({ description: 'Running conversations ended without another message' }),
});
const DateChange = z.object({ startDate: isoDate.nullable().optional(), endDate: isoDate.nullable().optional() });
const DateChangeEffect = z
  .object({
    runningConversations: z.number(),
    waitingWorkers: z.number().openapi({ description: 'Enrolled workers whose first message has not gone out yet' }),
    statements: z.array(z.string()).openapi({ description: 'What the change will do, one sentence per date', example: ['Moving the end date to 1 Jan 2027 closes 40 running conversations then (at the end of that day, UTC time), each with the closing message, and refuses later joiners from then on.'] }),
  })
  .openapi('DateChangeEffect');

const create = apiRoute('programs:write', { method: 'post', path: '/v1/programs', tags, summary: 'Create a program (draft): ordered blueprints, target segments, its channel', request: jsonBody(CreateProgram), responses: { 201: jsonContent(ProgramSchema, 'Created') } });
const list = apiRoute('programs:read', { method: 'get', path: '/v1/programs', tags, summary: 'List programs', responses: { 200: jsonContent(z.object({ programs: z.array(ProgramSchema) }), 'Newest first') } });
const read = apiRoute('programs:read', { method: 'get', path: '/v1/programs/{id}', tags, summary: 'Read a program', request: { params: IdParams }, responses: { 200: jsonContent(ProgramSchema, 'The program') } }, owns);
const update = apiRoute('programs:write', { method: 'patch', path: '/v1/programs/{id}', tags, summary: 'Rename, move dates, name the channel, replace target segments or auto-enrollment', request: { params: IdParams, ...jsonBody(PatchProgram) }, responses: { 200: jsonContent(ProgramSchema, 'Changed'), 409: { description: "A running program's new channel lacks templates its flows use (missing_templates)" } } }, owns);
const remove = apiRoute('programs:write', { method: 'delete', path: '/v1/programs/{id}', tags, summary: 'Delete a draft program', request: { params: IdParams }, responses: { 204: { description: 'Deleted' }, 409: { description: 'Not a draft' } } }, owns);
const enroll = apiRoute(
  'programs:enroll',
  {
    method: 'post',
    path: '/v1/programs/{id}/enroll',
    tags,
    summary: 'Enroll workers (bulk, once each) and start their conversations',
    request: { params: IdParams, ...jsonBody(Enroll) },
    responses: { 200: jsonContent(EnrollResult, 'Enrolled and started'), 202: jsonContent(EnrollResult, 'Enrolled; conversations are being started'), 409: { description: 'The program is not active' } },
  },
  owns,
);
const unenroll = apiRoute(
  'programs:enroll',
  {
    method: 'post',
    path: '/v1/programs/{id}/unenroll',
    tags,
    summary: 'Unenroll workers: their assignments become dropped with the reason; their conversations end without another message',
    request: { params: IdParams, ...jsonBody(Unenroll) },
    responses: { 200: jsonContent(UnenrollResult, 'Unenrolled') },
  },
  owns,
);
const previewDates = apiRoute(
  'programs:read',
  {
    method: 'post',
    path: '/v1/programs/{id}/date-change-preview',
    tags,
    summary: "What moving the program's start or end date would do (nothing is changed)",
    request: { params: IdParams, ...jsonBody(DateChange) },
    responses: { 200: jsonContent(DateChangeEffect, 'The effect, in figures and words') },
  },
  owns,
);
const progress = apiRoute('progress:read', { method: 'get', path: '/v1/programs/{id}/progress', tags, summary: 'Funnel per touchpoint, quiz scores, reflections, well-being trend', request: { params: IdParams }, responses: { 200: { description: 'The figures' } } }, owns);
const transitions = (['activate', 'pause', 'resume', 'complete'] as const).map((transition) =>
  ({
    transition,
    route: apiRoute(
      'programs:write',
      { method: 'post', path: `/v1/programs/{id}/${transition}`, tags, summary: `${transition[0].toUpperCase()}${transition.slice(1)} the program`, request: { params: IdParams }, responses: { 200: jsonContent(z.object({ status: z.string() }), 'The new status'), 402: { description: 'Tier limit' }, 409: { description: 'Not allowed from the current status' } } },
      owns,
    ),
  }),
);

/** Rolls back a channel change of a running program whose new channel lacks its templates. */
class TemplatesMissingOnChannel extends Error {
  constructor(readonly check: ProgramTemplateCheck) {
    super('the new channel lacks templates');
  }
}

const describeMissingTemplates = (check: ProgramTemplateCheck) =>
  `The program's flows use templates the channel '${check.channelName}' cannot send; add or sync them first: ${check.problems.join('; ')}`;
const missingTemplates = (c: Context, check: ProgramTemplateCheck, field: 'templates' | 'channelId') => errorResponse(c, 409, 'missing_templates', describeMissingTemplates(check), field);

/** A program's status change: the new status, or the refusal and its HTTP status. */
export type TransitionAnswer = { ok: true; status: string } | { ok: false; httpStatus: 402 | 409; code: string; message: string; field?: string };

/**
 * Activates, pauses, resumes or completes a program, as `POST /v1/programs/{id}/<transition>`
 * and the console do: activating or resuming counts against the tier's active programs and
 * needs the flows' templates on the program's channel and its experiments running.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function answerProgramTransition(em: EntityManager, programId: string, transition: ProgramTransition, at: number): Promise<TransitionAnswer> {
  if (transition === 'activate' || transition === 'resume') {
    // Templates may have been removed (a sync) or the default channel changed while it was paused.
    const check = await checkProgramTemplates(em, programId);
    if (check.problems.length > 0) return { ok: false, httpStatus: 409, code: 'missing_templates', message: describeMissingTemplates(check), field: 'templates' };
    const idle = await checkProgramExperiments(em, programId);
    if (idle) return { ok: false, httpStatus: 409, code: 'experiment_not_running', message: idle, field: 'experiments' };
  }
  const result = await changeProgramStatus(em, programId, transition, at);
  if ('code' in result) return { ok: false, httpStatus: result.code === 'tier_limit' ? 402 : 409, code: result.code, message: result.message };
  return { ok: true, status: result.status };
}

/** An enrollment: how many were assigned and started, or the refusal. */
export type EnrollAnswer =
  | { ok: true; assigned: number; started?: number; startingInBackground: boolean }
  | { ok: false; httpStatus: 400 | 409; code: 'program_not_active' | 'program_ended' | LicenceLimitError['code'] | ProgramRefusal['code']; message: string; field?: string };

/**
 * Enrolls workers in an active program (bulk, once each) as `POST /v1/programs/{id}/enroll` and
 * the console do: up to 200 new workers start their conversations before the answer, more in
 * the background.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function answerEnrollment(
  em: EntityManager,
  programId: string,
  body: z.infer<typeof Enroll>,
  at: number,
  options: { concurrency: number; background: (name: string, task: () => Promise<unknown>) => void },
): Promise<EnrollAnswer> {
  const program = await getProgram(em, programId);
  if (program?.status !== 'active') return { ok: false, httpStatus: 409, code: 'program_not_active', message: `The program is ${program?.status}: activate it (POST /v1/programs/${programId}/activate) before enrolling` };
  if (await hasProgramEnded(em, programId, at)) {
    return { ok: false, httpStatus: 409, code: 'program_ended', message: `The program ended on ${program.endDate}: it takes no late joiners (move endDate with PATCH /v1/programs/${programId} to take more)`, field: 'endDate' };
  }
  const unknown = await refuseUnknownIds(em, body);
  if (unknown) return { ok: false, httpStatus: 400, ...unknown };
  let assigned: string[];
  try {
    assigned = await em.transactional((tx) => assignWorkers(tx, programId, { programSegments: body.useProgramSegments, segmentIds: body.segmentIds, workerIds: body.workerIds }, at));
  } catch (error) {
    if (error instanceof LicenceLimitError) return { ok: false, httpStatus: 409, code: error.code, message: error.message };
    throw error;
  }
  const start = () => startPendingConversations(em, programId, { at, concurrency: options.concurrency });
  if (assigned.length <= START_INLINE_MAX) {
    const { started } = await start();
    return { ok: true, assigned: assigned.length, started, startingInBackground: false };
  }
  options.background(`enroll program ${programId}`, start);
  return { ok: true, assigned: assigned.length, startingInBackground: true };
}

/** Programs: create, status, dates, enrollment and unenrollment, progress. */
export function registerProgramRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const run = deps.runInBackground ?? ((name, task) => void task().catch((error: unknown) => deps.engine.logger.error({ err: error, task: name }, 'background task failed')));
  // Enrollments started after the answer queue their first messages when they finish.
  const background = (name: string, task: () => Promise<unknown>) => run(name, () => task().finally(() => deps.engine.notifyOutboxChanged?.()));
  app.openapi(create, async (c) => {
    const result = await createProgram(c.get('em'), c.req.valid('json'), c.get('caller').userId);
    if ('code' in result) return errorResponse(c, 400, result.code, result.message, result.field);
    return c.json(result, 201);
  });
  app.openapi(list, async (c) => c.json({ programs: await listPrograms(c.get('em')) }, 200));
  app.openapi(read, async (c) => c.json(await getProgram(c.get('em'), c.req.valid('param').id), 200));
  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    try {
      // A running program moved to another channel must find its templates there, as on activation.
      const result = await c.get('em').transactional(async (tx) => {
        const updated = await updateProgram(tx, id, patch);
        if ('code' in updated || patch.channelId === undefined || (updated.status !== 'active' && updated.status !== 'paused')) return updated;
        const check = await checkProgramTemplates(tx, id);
        if (check.problems.length > 0) throw new TemplatesMissingOnChannel(check);
        return updated;
      });
      if ('code' in result) return errorResponse(c, 400, result.code, result.message, result.field);
      return c.json(result, 200);
    } catch (error) {
      if (error instanceof ProgramDatesError) return errorResponse(c, 400, 'invalid_dates', error.message, 'endDate');
      if (error instanceof TemplatesMissingOnChannel) return missingTemplates(c, error.check, 'channelId');
      throw error;
    }
  });
  app.openapi(remove, async (c) => {
    const program = await getProgram(c.get('em'), c.req.valid('param').id);
    if (program?.status !== 'draft') return errorResponse(c, 409, 'not_draft', 'Only a draft program can be deleted; complete this one instead');
    await deleteProgram(c.get('em'), program.id);
    return c.body(null, 204);
  });
  for (const { transition, route } of transitions) {
    app.openapi(route, async (c) => {
      const answer = await answerProgramTransition(c.get('em'), c.req.valid('param').id, transition, deps.engine.clock.now());
      if (!answer.ok) return errorResponse(c, answer.httpStatus, answer.code, answer.message, answer.field);
      return c.json({ status: answer.status }, 200);
    });
  }
  app.openapi(enroll, async (c) => {
    const answer = await answerEnrollment(c.get('em'), c.req.valid('param').id, c.req.valid('json'), deps.engine.clock.now(), { concurrency: deps.enrollConcurrency ?? 1, background });
    if (!answer.ok) return errorResponse(c, answer.httpStatus, answer.code, answer.message, answer.field);
    const { ok: _ok, ...result } = answer;
    return c.json(result, result.startingInBackground ? 202 : 200);
  });
  app.openapi(unenroll, async (c) => {
    const { workerIds, reason } = c.req.valid('json');
    return c.json(await unenrollWorkers(c.get('em'), c.req.valid('param').id, workerIds, reason, deps.engine.clock.now()), 200);
  });
  app.openapi(previewDates, async (c) => c.json(await describeDateChange(c.get('em'), c.req.valid('param').id, c.req.valid('json'), deps.engine.clock.now()), 200));
  app.openapi(progress, async (c) => c.json(await programProgress(c.get('em'), c.req.valid('param').id), 200));
}
