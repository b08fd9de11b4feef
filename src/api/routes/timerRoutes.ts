import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { listSetAsideTimers } from '../../engine/listSetAsideTimers';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonContent } from '../openapi/commonSchemas';

const SetAsideTimerSchema = z
  .object({
    id: z.uuid(),
    workerId: z.uuid(),
    workerName: z.string(),
    conversationId: z.uuid(),
    sendId: z.string(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    dueAt: z.string(),
    setAsideAt: z.string(),
  })
  .openapi('SetAsideTimer');

const listSetAside = apiRoute('organization:manage', {
  method: 'get',
  path: '/v1/timers/set-aside',
  tags: ['Organization'],
  summary: "Timers whose step failed too often and are no longer fired, with their last error (e.g. no channel can reach the worker)",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: 'At most this many, most recent first' }) }) },
  responses: { 200: jsonContent(z.object({ timers: z.array(SetAsideTimerSchema) }), 'Most recently set aside first') },
});

/** What the timer tick gave up on, for the organization's admins. */
export function registerTimerRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(listSetAside, async (c) => c.json({ timers: await listSetAsideTimers(c.get('em'), c.req.valid('query').limit) }, 200));
}
