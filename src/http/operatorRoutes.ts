import { Hono } from 'hono';
import { z } from 'zod';
import { Worker } from '../db/entities/Worker';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { listWorkerMessages } from '../engine/listWorkerMessages';
import { errorResponse, unavailableResponse } from './httpErrors';
import { requireAdminToken } from './requireAdminToken';
import type { WebhookDependencies } from './webhooks/webhookDependencies';
import { readChannelRequest } from './webhooks/readChannelRequest';
import { deliverBatch } from './webhooks/deliverBatch';

const logQuery = z.object({
  before: z.string().regex(/^\d{1,19}$/, 'must be the nextCursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Operator routes behind ADMIN_TOKEN: a worker's conversation log, and the console channel's
 * inbound endpoint (the simulator, `npm run chat` and tests talk to the engine through it).
 */
export function operatorRoutes(deps: WebhookDependencies, adminToken: string): Hono {
  const app = new Hono();
  app.use('/v1/*', requireAdminToken(adminToken));
  app.use('/console/*', requireAdminToken(adminToken));

  app.get('/v1/workers/:id/messages', async (c) => {
    const query = logQuery.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      return errorResponse(c, 400, 'invalid_query', `${issue.path.join('.')}: ${issue.message}`, issue.path.join('.'));
    }
    const workerId = c.req.param('id');
    if (!z.uuid().safeParse(workerId).success) return errorResponse(c, 404, 'worker_not_found', 'No worker has this id');
    const worker = await asSystem(deps.engine.orm.em, 'operator reads a conversation log').findOne(Worker, { id: workerId });
    if (!worker) return errorResponse(c, 404, 'worker_not_found', 'No worker has this id');
    const em = forOrganization(deps.engine.orm.em, worker.organization);
    return c.json(await listWorkerMessages(em, worker.id, query.data.before, query.data.limit));
  });

  app.post('/console/:channelId/messages', async (c) => {
    const channel = await deps.registry.byId(asSystem(deps.engine.orm.em, 'route a console message'), c.req.param('channelId'));
    if (!channel || channel.kind !== 'console') return errorResponse(c, 404, 'channel_not_found', 'No console channel has this id');
    const parsed = channel.adapter.parse(await readChannelRequest(c, deps.publicUrl), deps.engine.clock.now());
    if (!parsed.ok) return errorResponse(c, 400, parsed.error.code, parsed.error.message, parsed.error.field);
    const outcomes = [];
    for (const batch of parsed.batches) {
      const delivery = await deliverBatch(deps, channel, batch);
      if (delivery.unavailable) return unavailableResponse(c);
      outcomes.push(...delivery.outcomes.map((outcome) => (outcome.kind === 'processed' ? outcome.outcome : outcome)));
    }
    return c.json({ outcomes });
  });
  return app;
}
