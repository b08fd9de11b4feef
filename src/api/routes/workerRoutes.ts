import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { CsvError } from 'csv-parse/sync';
import { workerStatuses } from '../../db/entities/Worker';
import { listWorkerMessages } from '../../engine/listWorkerMessages';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { refuseUnknownFilterIds } from '../refuseUnknownFilterIds';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { importWorkers, MAX_IMPORT_ROWS } from '../workers/importWorkers';
import { listWorkers } from '../workers/listWorkers';
import { isSequenceCursor } from '../../http/isSequenceCursor';
import { csvErrorField, parseWorkerCsv, type ImportRow } from '../workers/parseWorkerCsv';
import { createWorker, deleteWorker, getWorker, updateWorker } from '../workers/saveWorker';
import { WorkerInput, WorkerPatch, WorkerSchema } from '../workers/workerInput';
import { eraseWorker, exportWorkerData } from '../workers/workerPrivacy';

const tags = ['Workers'];
const owns = { id: 'workers' } as const;

const ListQuery = z.object({
  status: z.enum(workerStatuses).optional(),
  language: z.string().max(20).optional(),
  segmentId: z.uuid().optional(),
  search: z.string().min(1).max(100).optional().openapi({ description: 'phone prefix or part of the name' }),
  cursor: z.uuid().optional().openapi({ description: 'nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// Strict as jsonBody makes the other routes' bodies; this route's body is JSON or CSV, so it is not built with it.
const ImportBody = z.strictObject({ workers: z.array(z.record(z.string(), z.unknown())).max(MAX_IMPORT_ROWS) });
const ImportResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  failed: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
});

const create = apiRoute('workers:write', { method: 'post', path: '/v1/workers', tags, summary: 'Create a worker', request: jsonBody(WorkerInput), responses: { 201: jsonContent(WorkerSchema, 'Created'), 402: { description: 'Tier limit reached' }, 409: { description: 'Phone already used' } } });
const list = apiRoute('workers:read', { method: 'get', path: '/v1/workers', tags, summary: 'List workers (filters, cursor pagination)', request: { query: ListQuery }, responses: { 200: jsonContent(z.object({ workers: z.array(WorkerSchema), nextCursor: z.string().nullable() }), 'A page, in id order') } });
const read = apiRoute('workers:read', { method: 'get', path: '/v1/workers/{id}', tags, summary: 'Read a worker (opt-out visible)', request: { params: IdParams }, responses: { 200: jsonContent(WorkerSchema, 'The worker') } }, owns);
const update = apiRoute('workers:write', { method: 'patch', path: '/v1/workers/{id}', tags, summary: 'Change a worker (status: left, or back to active)', request: { params: IdParams, ...jsonBody(WorkerPatch) }, responses: { 200: jsonContent(WorkerSchema, 'Changed'), 409: { description: 'Phone taken, or opted out' } } }, owns);
const remove = apiRoute('workers:write', { method: 'delete', path: '/v1/workers/{id}', tags, summary: 'Delete a worker and their records', request: { params: IdParams }, responses: { 204: { description: 'Deleted' } } }, owns);
const importRoute = apiRoute('workers:write', {
  method: 'post',
  path: '/v1/workers/import',
  tags,
  summary: `Import up to ${MAX_IMPORT_ROWS} workers from CSV (text/csv) or JSON ({"workers": [...]}): good rows are written, bad rows reported with line and field`,
  request: { body: { content: { 'application/json': { schema: ImportBody }, 'text/csv': { schema: z.string() } }, required: false } },
  responses: { 200: jsonContent(ImportResultSchema, 'What was written and what was refused'), 402: { description: 'Tier limit reached' }, 413: { description: 'Body too large' } },
});
const messages = apiRoute(
  'conversations:read',
  {
    method: 'get',
    path: '/v1/workers/{id}/messages',
    tags,
    summary: "A worker's conversation log, newest first",
    request: { params: IdParams, query: z.object({ before: z.string().refine(isSequenceCursor, 'must be the nextCursor of a previous page').optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: { description: '{messages, nextCursor}' } },
  },
  owns,
);

const dataExport = apiRoute('workers:privacy', { method: 'get', path: '/v1/workers/{id}/data', tags, summary: 'Everything held about the worker (an access request), as JSON', request: { params: IdParams }, responses: { 200: { description: 'The data' } } }, owns);
const erase = apiRoute(
  'workers:privacy',
  { method: 'post', path: '/v1/workers/{id}/erase', tags, summary: "Erase the worker's personal data (phone, name, message bodies, answers, reflections, media); figures stay right", request: { params: IdParams }, responses: { 200: jsonContent(z.object({ messagesCleared: z.number(), answersCleared: z.number(), conversationsEnded: z.number(), mediaFilesDeleted: z.number() }), 'What this erasure changed: zeros when the worker was already erased') } },
  owns,
);

/** Workers: CRUD, list, import, conversation log, access request and erasure. */
export function registerWorkerRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(create, async (c) => {
    const result = await createWorker(c.get('em'), c.req.valid('json'), deps.engine.clock.now());
    if ('code' in result) return result.code === 'tier_limit' ? errorResponse(c, 402, result.code, result.message) : errorResponse(c, 409, result.code, result.message, result.field);
    return c.json(result, 201);
  });
  app.openapi(list, async (c) => {
    const unknown = await refuseUnknownFilterIds(c, c.req.valid('query'), { segmentId: 'segments' });
    return unknown ?? c.json(await listWorkers(c.get('em'), c.req.valid('query')), 200);
  });
  app.openapi(read, async (c) => {
    const worker = await getWorker(c.get('em'), c.req.valid('param').id);
    if (!worker) return errorResponse(c, 404, 'worker_not_found', 'No worker has this id');
    return c.json(worker, 200);
  });
  app.openapi(update, async (c) => {
    const result = await updateWorker(c.get('em'), c.req.valid('param').id, c.req.valid('json'));
    if (!result) return errorResponse(c, 404, 'worker_not_found', 'No worker has this id');
    if ('code' in result) return errorResponse(c, 409, result.code, result.message, result.field);
    return c.json(result, 200);
  });
  app.openapi(remove, async (c) => {
    await deleteWorker(c.get('em'), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(importRoute, async (c) => {
    const type = c.req.header('content-type') ?? '';
    let rows: ImportRow[];
    if (type.startsWith('text/csv')) {
      try {
        rows = parseWorkerCsv(await c.req.text());
      } catch (error) {
        if (error instanceof CsvError) return errorResponse(c, 400, 'invalid_csv', `The CSV cannot be read: ${error.message}`, csvErrorField(error));
        throw error;
      }
      if (rows.length > MAX_IMPORT_ROWS) return errorResponse(c, 400, 'too_many_rows', `Import at most ${MAX_IMPORT_ROWS} rows at a time (this file has ${rows.length}): split it`);
    } else if (type.startsWith('application/json')) {
      const body = c.req.valid('json');
      if (typeof body === 'string') return errorResponse(c, 400, 'invalid_json', 'Send {"workers": [...]}', 'workers');
      rows = body.workers.map((record, index) => ({ line: index + 1, record }));
    } else {
      return errorResponse(c, 415, 'unsupported_media_type', 'Send text/csv or application/json ({"workers": [...]})');
    }
    const result = await importWorkers(c.get('em'), rows, deps.engine.clock.now());
    if ('code' in result) return errorResponse(c, 402, result.code, result.message);
    return c.json(result, 200);
  });
  app.openapi(dataExport, async (c) => {
    const id = c.req.valid('param').id;
    return c.json(await exportWorkerData(c.get('em'), id), 200, { 'content-disposition': `attachment; filename="worker-${id}.json"` });
  });
  app.openapi(erase, async (c) => c.json(await eraseWorker(c.get('em'), c.req.valid('param').id, deps.engine.clock.now(), deps.mediaDir), 200));
  app.openapi(messages, async (c) => {
    const { before, limit } = c.req.valid('query');
    return c.json(await listWorkerMessages(c.get('em'), c.req.valid('param').id, before, limit), 200);
  });
}
