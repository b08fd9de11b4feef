import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { createChallenge, readChallenges, type Challenge } from '../../gamification/challenges';
import { ledgerEventKinds } from '../../gamification/rulesSchema';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';

const tags = ['Gamification'];
const instant = z.iso.datetime({ offset: true });
const countedKinds = ledgerEventKinds.filter((kind) => kind !== 'challengeWon');

const ChallengeBody = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ description: 'Shown to workers, e.g. "Store week"' }),
    programId: z.uuid().optional().openapi({ description: "Only this program's enrolled workers and points" }),
    segmentId: z.uuid().optional(),
    attribute: z.string().regex(/^[\w-]{1,50}:.{1,100}$/).optional().openapi({ description: 'Only workers with this attribute value, e.g. `region:North`' }),
    teamAttribute: z.string().regex(/^[\w-]{1,50}$/).optional().openapi({ description: 'Teams are workers sharing this attribute (e.g. `site`); absent: one team' }),
    event: z.enum(countedKinds).optional().openapi({ description: 'The event counted; points when absent' }),
    goal: z.number().int().min(1).max(10_000_000),
    startsAt: instant,
    endsAt: instant,
    progressAt: z.array(instant).max(20).default([]).openapi({ description: 'When progress messages go out, inside the window' }),
  })
  .superRefine((body, ctx) => {
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    body.progressAt.forEach((at, i) => {
      if (Date.parse(at) <= Date.parse(body.startsAt) || Date.parse(at) >= Date.parse(body.endsAt)) ctx.addIssue({ code: 'custom', path: ['progressAt', i], message: 'must be between startsAt and endsAt' });
    });
  });
const TeamSchema = z.object({ team: z.string(), members: z.number(), progress: z.number(), contributors: z.array(z.string()) });
const ChallengeSchema = z
  .object({
    id: z.string(), name: z.string(), programId: z.string().nullable(), segmentId: z.string().nullable(), attribute: z.record(z.string(), z.string()).nullable(),
    teamAttribute: z.string().nullable(), event: z.string().nullable(), goal: z.number(), startsAt: z.string(), endsAt: z.string(), progressAt: z.array(z.string()),
    progressSent: z.number(), finishedAt: z.string().nullable(), teams: z.array(TeamSchema),
  })
  .openapi('Challenge');

const create = apiRoute('programs:write', { method: 'post', path: '/v1/challenges', tags, summary: 'A time-boxed team goal: progress messages at set moments, a final announcement, winners awarded', request: jsonBody(ChallengeBody), responses: { 201: jsonContent(ChallengeSchema, 'Created') } });
const list = apiRoute('progress:read', { method: 'get', path: '/v1/challenges', tags, summary: 'Challenges, newest first, with each team\'s progress from the ledger', request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) }, responses: { 200: jsonContent(z.object({ challenges: z.array(ChallengeSchema) }), 'Challenges') } });
const read = apiRoute('progress:read', { method: 'get', path: '/v1/challenges/{challengeId}', tags, summary: "A challenge with each team's progress", request: { params: z.object({ challengeId: z.uuid() }) }, responses: { 200: jsonContent(ChallengeSchema, 'The challenge') } }, { challengeId: 'gamification_challenges' });

const toJson = (c: Challenge) => ({
  ...c,
  startsAt: new Date(c.startsAt).toISOString(),
  endsAt: new Date(c.endsAt).toISOString(),
  progressAt: c.progressAt.map((at) => at.toISOString()),
  finishedAt: c.finishedAt ? new Date(c.finishedAt).toISOString() : null,
});

/** Challenges: create (program managers), list and read with progress. */
export function registerChallengeRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const em = c.get('em');
    const [known] = await scopedSql<{ program: boolean; segment: boolean }>(
      em,
      `select (:program::uuid is null or exists (select 1 from programs where organization_id = :organization_id and id = :program::uuid)) as program,
              (:segment::uuid is null or exists (select 1 from segments where organization_id = :organization_id and id = :segment::uuid)) as segment`,
      { program: body.programId ?? null, segment: body.segmentId ?? null },
    );
    if (!known.program) return errorResponse(c, 422, 'program_not_found', `programId: no program ${body.programId} in your organization`, 'programId');
    if (!known.segment) return errorResponse(c, 422, 'segment_not_found', `segmentId: no segment ${body.segmentId} in your organization`, 'segmentId');
    const [name, ...value] = body.attribute?.split(':') ?? [];
    const id = await createChallenge(em, {
      ...body,
      attribute: body.attribute ? { name, value: value.join(':') } : undefined,
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      progressAt: body.progressAt.map((at) => new Date(at)),
    });
    const [challenge] = await readChallenges(em, { ids: [id], limit: 1 });
    return c.json(toJson(challenge), 201);
  });
  app.openapi(list, async (c) => c.json({ challenges: (await readChallenges(c.get('em'), { limit: c.req.valid('query').limit })).map(toJson) }, 200));
  app.openapi(read, async (c) => {
    const [challenge] = await readChallenges(c.get('em'), { ids: [c.req.valid('param').challengeId], limit: 1 });
    return c.json(toJson(challenge), 200);
  });
}
