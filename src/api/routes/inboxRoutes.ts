import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponse } from '../../http/httpErrors';
import { inboxCauses } from '../../inbox/inboxCauses';
import { getInboxItem, listInboxItems } from '../../inbox/listInboxItems';
import { updateInboxItem } from '../../inbox/updateInboxItem';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { refuseUnknownFilterIds } from '../refuseUnknownFilterIds';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';

const tags = ['Coach inbox'];
const owns = { id: 'coach_inbox_items' } as const;

const InboxItemSchema = z
  .object({
    id: z.uuid(),
    workerId: z.uuid(),
    workerName: z.string(),
    conversationId: z.uuid().nullable(),
    programId: z.uuid().nullable(),
    programName: z.string().nullable(),
    cause: z.enum(inboxCauses).openapi({ description: 'Why a person is needed' }),
    reason: z.string().openapi({ description: 'The why, in words' }),
    status: z.enum(['open', 'resolved']),
    assignedUserId: z.uuid().nullable(),
    assignedUserName: z.string().nullable(),
    labels: z.array(z.string()),
    note: z.string().nullable().openapi({ description: 'Staff only: never sent to the worker' }),
    raisedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('InboxItem');
const ListQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  programId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
  assignedUserId: z.uuid().optional().openapi({ description: "Items this staff user took" }),
  unassigned: z.enum(['true', 'false']).optional().transform((value) => value === 'true').openapi({ description: 'Only items nobody took yet' }),
  workerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const Patch = z.object({
  assignedUserId: z.uuid().nullable().optional().openapi({ description: 'The staff user who takes it (GET /v1/users); null: nobody' }),
  labels: z.array(z.string().trim().min(1).max(40)).max(20).optional().openapi({ description: 'Replaces the labels', example: ['callback', 'night shift'] }),
  note: z.string().max(4000).nullable().optional().openapi({ description: 'Staff only: never sent to the worker; null clears it' }),
  status: z.enum(['open', 'resolved']).optional(),
});

const list = apiRoute('inbox:read', { method: 'get', path: '/v1/inbox', tags, summary: 'Conversations that need a person, newest first, with why; filters by program, segment, assignee', request: { query: ListQuery }, responses: { 200: jsonContent(z.object({ items: z.array(InboxItemSchema) }), 'Newest first') } });
const read = apiRoute('inbox:read', { method: 'get', path: '/v1/inbox/{id}', tags, summary: 'One inbox item', request: { params: IdParams }, responses: { 200: jsonContent(InboxItemSchema, 'The item') } }, owns);
const update = apiRoute('inbox:manage', { method: 'patch', path: '/v1/inbox/{id}', tags, summary: 'Assign, label, note (staff only), resolve or reopen an item', request: { params: IdParams, ...jsonBody(Patch) }, responses: { 200: jsonContent(InboxItemSchema, 'Changed'), 409: { description: 'Reopening while another open item has the same worker and cause' } } }, owns);
const take = apiRoute('inbox:manage', { method: 'post', path: '/v1/inbox/{id}/take', tags, summary: "Take the item: assign it to the caller's staff user (the key's creator)", request: { params: IdParams }, responses: { 200: jsonContent(InboxItemSchema, 'Taken'), 409: { description: 'The key has no staff user' } } }, owns);

/** The coach inbox: list, read, assign or take, label, note, resolve. */
export function registerInboxRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(list, async (c) => {
    const unknown = await refuseUnknownFilterIds(c, c.req.valid('query'), { programId: 'programs', segmentId: 'segments', assignedUserId: 'users', workerId: 'workers' });
    return unknown ?? c.json({ items: await listInboxItems(c.get('em'), c.req.valid('query')) }, 200);
  });
  app.openapi(read, async (c) => c.json((await getInboxItem(c.get('em'), c.req.valid('param').id))!, 200));
  app.openapi(update, async (c) => {
    const result = await updateInboxItem(c.get('em'), c.req.valid('param').id, c.req.valid('json'), c.get('caller').userId, deps.engine.clock.now());
    if ('code' in result) return errorResponse(c, result.code === 'already_open' ? 409 : 400, result.code, result.message, result.field);
    return c.json(result, 200);
  });
  app.openapi(take, async (c) => {
    const { userId } = c.get('caller');
    if (!userId) return errorResponse(c, 409, 'no_staff_user', 'This API key has no staff user to assign the item to: PATCH it with assignedUserId instead');
    const result = await updateInboxItem(c.get('em'), c.req.valid('param').id, { assignedUserId: userId }, userId, deps.engine.clock.now());
    if ('code' in result) return errorResponse(c, 400, result.code, result.message, result.field);
    return c.json(result, 200);
  });
}
