import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cancelChallenge } from '../../gamification/cancelChallenge';
import { readChallenges, type Challenge } from '../../gamification/challenges';
import { saveChallenge, type ChallengeRefusal } from '../../gamification/saveChallenge';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { ChallengeBody, challengeInputOf } from './challengeBody';

const tags = ['Gamification'];
const TeamSchema = z.object({ team: z.string(), members: z.number(), progress: z.number(), contributors: z.array(z.string()) });
const ChallengeSchema = z
  .object({
    id: z.string(), name: z.string(), programId: z.string().nullable(), segmentId: z.string().nullable(), attribute: z.record(z.string(), z.string()).nullable(),
    teamAttribute: z.string().nullable(), event: z.string().nullable(), goal: z.number(), startsAt: z.string(), endsAt: z.string(), progressAt: z.array(z.string()),
    progressSent: z.number(), finishedAt: z.string().nullable(), cancelledAt: z.string().nullable(), teams: z.array(TeamSchema),
  })
  .openapi('Challenge');
const owned = { challengeId: 'gamification_challenges' } as const;
const challengeParam = { params: z.object({ challengeId: z.uuid() }) };

const create = apiRoute('programs:write', { method: 'post', path: '/v1/challenges', tags, summary: 'A time-boxed team goal: progress messages at set moments, a final announcement, winners awarded', request: jsonBody(ChallengeBody), responses: { 201: jsonContent(ChallengeSchema, 'Created') } });
const list = apiRoute('progress:read', { method: 'get', path: '/v1/challenges', tags, summary: 'Challenges, newest first, with each team\'s progress from the ledger', request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) }, responses: { 200: jsonContent(z.object({ challenges: z.array(ChallengeSchema) }), 'Challenges') } });
const read = apiRoute('progress:read', { method: 'get', path: '/v1/challenges/{challengeId}', tags, summary: "A challenge with each team's progress", request: challengeParam, responses: { 200: jsonContent(ChallengeSchema, 'The challenge') } }, owned);
const edit = apiRoute('programs:write', { method: 'put', path: '/v1/challenges/{challengeId}', tags, summary: 'Replaces a challenge that has not started (409 once it has, or when cancelled)', request: { ...challengeParam, ...jsonBody(ChallengeBody) }, responses: { 200: jsonContent(ChallengeSchema, 'The challenge as edited') } }, owned);
const cancel = apiRoute('programs:write', { method: 'post', path: '/v1/challenges/{challengeId}/cancel', tags, summary: 'Cancels a challenge not finished: nothing more is announced or awarded, and its announcements still queued are withdrawn (409 when it has ended)', request: challengeParam, responses: { 200: jsonContent(ChallengeSchema, 'The cancelled challenge') } }, owned);

const toJson = (c: Challenge) => ({
  ...c,
  startsAt: new Date(c.startsAt).toISOString(),
  endsAt: new Date(c.endsAt).toISOString(),
  progressAt: c.progressAt.map((at) => at.toISOString()),
  finishedAt: c.finishedAt ? new Date(c.finishedAt).toISOString() : null,
  cancelledAt: c.cancelledAt ? new Date(c.cancelledAt).toISOString() : null,
});

/** The challenge saved or cancelled, or the refusal in the API's error shape. */
async function answer(c: Context<ApiEnv>, outcome: { id: string } | ChallengeRefusal, status: 200 | 201) {
  if ('code' in outcome) return errorResponse(c, outcome.status, outcome.code, outcome.message, outcome.field);
  const [challenge] = await readChallenges(c.get('em'), { ids: [outcome.id], limit: 1 });
  return c.json(toJson(challenge), status);
}

/** Challenges: create, edit before the start and cancel (program managers), list and read with progress. */
export function registerChallengeRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const now = () => deps.engine.clock.now();
  app.openapi(create, async (c) => answer(c, await saveChallenge(c.get('em'), challengeInputOf(c.req.valid('json')), { now: now() }), 201));
  app.openapi(edit, async (c) => answer(c, await saveChallenge(c.get('em'), challengeInputOf(c.req.valid('json')), { id: c.req.valid('param').challengeId, now: now() }), 200));
  app.openapi(cancel, async (c) => answer(c, await cancelChallenge(c.get('em'), c.req.valid('param').challengeId, now()), 200));
  app.openapi(list, async (c) => c.json({ challenges: (await readChallenges(c.get('em'), { limit: c.req.valid('query').limit })).map(toJson) }, 200));
  app.openapi(read, async (c) => {
    const [challenge] = await readChallenges(c.get('em'), { ids: [c.req.valid('param').challengeId], limit: 1 });
    return c.json(toJson(challenge), 200);
  });
}
