import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponse } from '../../http/httpErrors';
import { changeStaticMembers, createSegment, deleteSegment, getSegment, listSegments, previewSegmentRule, updateSegment } from '../../segments/manageSegments';
import { readRuleInput } from '../../segments/readRuleInput';
import type { SegmentRule } from '../../segments/segmentRuleSchema';
import { refuseUnknownIds } from '../../programs/manageProgram';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';

const tags = ['Segments'];
const owns = { id: 'segments' } as const;

const ruleField = z.unknown().openapi({
  description:
    'A rule (JSON): {field: language|timezone|status, op: eq|neq|in|notIn, value}, {field: wellBeingScore|performanceMetric, op: eq|neq|gt|gte|lt|lte|between, value}, ' +
    '{attribute, op: eq|neq|in|notIn|gt|gte|lt|lte|exists|missing, value?}, {program, status: active|completed|any|none}; combined with {all: [...]}, {any: [...]}, {not: rule}. null: a static segment.',
  example: { all: [{ attribute: 'site', op: 'eq', value: 'Nairobi' }, { field: 'wellBeingScore', op: 'lte', value: 2 }] },
});
const SegmentSchema = z.object({ id: z.uuid(), name: z.string(), rule: z.unknown(), memberCount: z.number(), createdAt: z.string(), updatedAt: z.string() }).openapi('Segment');
/** A new segment's body; the console's form is read with it too. */
export const CreateSegment = z.object({ name: z.string().trim().min(1).max(255), rule: ruleField.optional() });
const PatchSegment = z.object({ name: z.string().trim().min(1).max(255).optional(), rule: ruleField.optional() });
const Members = z.object({ workerIds: z.array(z.uuid()).min(1).max(10_000) });

const create = apiRoute('segments:write', { method: 'post', path: '/v1/segments', tags, summary: 'Create a segment (a rule, or static without one)', request: jsonBody(CreateSegment), responses: { 201: jsonContent(SegmentSchema, 'Created and filled') } });
const list = apiRoute('segments:read', { method: 'get', path: '/v1/segments', tags, summary: 'List segments with member counts', responses: { 200: jsonContent(z.object({ segments: z.array(SegmentSchema) }), 'By name') } });
const preview = apiRoute('segments:read', { method: 'post', path: '/v1/segments/preview', tags, summary: 'How many workers a rule would hold now', request: jsonBody(z.object({ rule: ruleField })), responses: { 200: jsonContent(z.object({ count: z.number(), active: z.number() }), 'Counts') } });
const read = apiRoute('segments:read', { method: 'get', path: '/v1/segments/{id}', tags, summary: 'Read a segment', request: { params: IdParams }, responses: { 200: jsonContent(SegmentSchema, 'The segment') } }, owns);
const update = apiRoute('segments:write', { method: 'patch', path: '/v1/segments/{id}', tags, summary: 'Rename or change the rule (members are recomputed)', request: { params: IdParams, ...jsonBody(PatchSegment) }, responses: { 200: jsonContent(SegmentSchema, 'Changed') } }, owns);
const remove = apiRoute('segments:write', { method: 'delete', path: '/v1/segments/{id}', tags, summary: 'Delete a segment', request: { params: IdParams }, responses: { 204: { description: 'Deleted' } } }, owns);
const addMembers = apiRoute('segments:write', { method: 'post', path: '/v1/segments/{id}/members', tags, summary: 'Add workers to a static segment', request: { params: IdParams, ...jsonBody(Members) }, responses: { 200: jsonContent(z.object({ changed: z.number() }), 'How many were added'), 409: { description: 'A rule segment' } } }, owns);
const removeMembers = apiRoute('segments:write', { method: 'delete', path: '/v1/segments/{id}/members', tags, summary: 'Remove workers from a static segment', request: { params: IdParams, ...jsonBody(Members) }, responses: { 200: jsonContent(z.object({ changed: z.number() }), 'How many were removed'), 409: { description: 'A rule segment' } } }, owns);

/** Validates a rule from a body: the parsed rule, or the error answer (400 naming the field). */
async function readRule(c: Context<ApiEnv>, raw: unknown): Promise<{ rule: SegmentRule | null } | { answer: Response }> {
  const read = await readRuleInput(c.get('em'), raw);
  return read.ok ? { rule: read.rule } : { answer: errorResponse(c, 400, 'invalid_rule', read.message, read.field) };
}

/** Segments: rules, static membership, preview. */
export function registerSegmentRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const rule = await readRule(c, body.rule);
    if ('answer' in rule) return rule.answer;
    return c.json(await createSegment(c.get('em'), { name: body.name, rule: rule.rule }), 201);
  });
  app.openapi(list, async (c) => c.json({ segments: await listSegments(c.get('em')) }, 200));
  app.openapi(preview, async (c) => {
    const rule = await readRule(c, c.req.valid('json').rule);
    if ('answer' in rule) return rule.answer;
    if (!rule.rule) return errorResponse(c, 400, 'invalid_rule', 'rule: give a rule to preview', 'rule');
    return c.json(await previewSegmentRule(c.get('em'), rule.rule), 200);
  });
  app.openapi(read, async (c) => c.json((await getSegment(c.get('em'), c.req.valid('param').id)) ?? null, 200));
  app.openapi(update, async (c) => {
    const body = c.req.valid('json');
    let rule: SegmentRule | null | undefined;
    if (body.rule !== undefined) {
      const read = await readRule(c, body.rule);
      if ('answer' in read) return read.answer;
      rule = read.rule;
    }
    return c.json(await updateSegment(c.get('em'), c.req.valid('param').id, { name: body.name, rule }), 200);
  });
  app.openapi(remove, async (c) => {
    await deleteSegment(c.get('em'), c.req.valid('param').id);
    return c.body(null, 204);
  });
  for (const [route, change] of [[addMembers, 'add'], [removeMembers, 'remove']] as const) {
    app.openapi(route, async (c) => {
      const { id } = c.req.valid('param');
      const segment = await getSegment(c.get('em'), id);
      if (segment?.rule) return errorResponse(c, 409, 'rule_segment', 'This segment is kept by its rule: change the rule, or use a static segment (rule null)');
      const { workerIds } = c.req.valid('json');
      const unknown = await refuseUnknownIds(c.get('em'), { workerIds });
      if (unknown) return errorResponse(c, 400, unknown.code, unknown.message, unknown.field);
      return c.json({ changed: await changeStaticMembers(c.get('em'), id, workerIds, change) }, 200);
    });
  }
}
