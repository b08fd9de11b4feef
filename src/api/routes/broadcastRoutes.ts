import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BroadcastRequest, BroadcastSchema, type BroadcastRequestData } from '../../broadcasts/broadcastInput';
import { cancelBroadcast, listBroadcastIds } from '../../broadcasts/cancelBroadcast';
import { createBroadcast } from '../../broadcasts/createBroadcast';
import { readBroadcast } from '../../broadcasts/readBroadcast';
import { errorResponse } from '../../http/httpErrors';
import { refuseUnknownIds } from '../../programs/manageProgram';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { hashRequest, runIdempotent, type StoredAnswer, type WorkAnswer } from '../idempotency/runIdempotent';
import { checkTierLimit } from '../../limits/tierLimits';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';

const tags = ['Broadcasts'];
const owns = { id: 'broadcasts' } as const;

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi({ description: 'Retrying with the same key returns the first answer; the same key with a different body answers 409' }),
});

const create = apiRoute('broadcasts:send', {
  method: 'post',
  path: '/v1/broadcasts',
  tags,
  summary: 'Send (or schedule, or dry-run) a broadcast to a segment, a program or listed workers',
  request: { headers: IdempotencyHeaders, ...jsonBody(BroadcastRequest) },
  responses: { 201: jsonContent(BroadcastSchema, 'Queued or scheduled'), 200: jsonContent(BroadcastSchema, 'Dry run: counts only'), 402: { description: 'Tier limit' }, 409: { description: 'Idempotency-Key reused for another request' } },
});
const list = apiRoute('broadcasts:read', { method: 'get', path: '/v1/broadcasts', tags, summary: 'Latest broadcasts with counts', responses: { 200: jsonContent(z.object({ broadcasts: z.array(BroadcastSchema) }), 'Newest first (50)') } });
const read = apiRoute('broadcasts:read', { method: 'get', path: '/v1/broadcasts/{id}', tags, summary: 'A broadcast with counts from the messages table', request: { params: IdParams }, responses: { 200: jsonContent(BroadcastSchema, 'The broadcast') } }, owns);
const cancel = apiRoute('broadcasts:send', { method: 'post', path: '/v1/broadcasts/{id}/cancel', tags, summary: 'Cancel a scheduled broadcast', request: { params: IdParams }, responses: { 200: jsonContent(z.object({ withdrawn: z.number() }), 'Messages withdrawn from the outbox'), 409: { description: 'Not scheduled for later' } } }, owns);

/**
 * Creates a broadcast under an optional idempotency key: the answer, as it is to be sent.
 * Shared by the API-key route and the signed webhook.
 */
export async function answerBroadcast(em: EntityManager, request: BroadcastRequestData, idempotencyKey: string | undefined, requestHash: string, at: number): Promise<StoredAnswer> {
  const outcome = await runIdempotent(em, idempotencyKey, requestHash, async (tx): Promise<WorkAnswer> => {
    if (!request.dryRun) {
      const refusal = await checkTierLimit(tx, 'broadcastsPerDay', 1, at);
      if (refusal) return { status: 402, body: { error: refusal } };
    }
    // A listed worker that is not the organization's is refused as enrollment refuses it, never skipped unseen.
    const unknownWorker = 'workerIds' in request.target ? await refuseUnknownIds(tx, { workerIds: request.target.workerIds }) : undefined;
    if (unknownWorker) return { status: 400, body: { error: { ...unknownWorker, field: `target.${unknownWorker.field}` } } };
    const result = await createBroadcast(tx, request, at);
    if ('code' in result) return { status: result.code === 'no_channel' ? 409 : 400, body: { error: result } };
    return { status: request.dryRun ? 200 : 201, body: result };
  });
  if (outcome.kind === 'conflict') return { status: 409, json: JSON.stringify({ error: { code: 'idempotency_key_reused', message: outcome.message, field: 'Idempotency-Key' } }) };
  return outcome.answer;
}

/** Sends a stored answer: its JSON text exactly. */
export function sendAnswer(c: Context, answer: StoredAnswer) {
  return c.body(answer.json, answer.status as ContentfulStatusCode, { 'content-type': 'application/json' });
}

/** Broadcasts: create (idempotent), read counts, cancel. */
export function registerBroadcastRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    return sendAnswer(c, await answerBroadcast(c.get('em'), body, key, hashRequest('POST', '/v1/broadcasts', body), deps.engine.clock.now()));
  });
  app.openapi(list, async (c) => {
    const em = c.get('em');
    const broadcasts = [];
    for (const id of await listBroadcastIds(em, 50)) {
      const broadcast = await readBroadcast(em, id);
      if (broadcast) broadcasts.push(broadcast);
    }
    return c.json({ broadcasts }, 200);
  });
  app.openapi(read, async (c) => c.json(await readBroadcast(c.get('em'), c.req.valid('param').id), 200));
  app.openapi(cancel, async (c) => {
    const result = await cancelBroadcast(c.get('em'), c.req.valid('param').id, deps.engine.clock.now());
    if ('code' in result) return errorResponse(c, 409, result.code, result.message);
    return c.json(result, 200);
  });
}
