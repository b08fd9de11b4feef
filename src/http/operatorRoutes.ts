import { Hono } from 'hono';
import { asSystem } from '../db/tenancy/scopes';
import { errorResponse, unavailableResponse } from './httpErrors';
import { publicSpoolOutcome } from './publicSpoolOutcome';
import { requireAdminToken } from './requireAdminToken';
import type { WebhookDependencies } from './webhooks/webhookDependencies';
import { readChannelRequest } from './webhooks/readChannelRequest';
import { webhookBodyLimit } from './webhooks/webhookBodyLimit';

/**
 * The console channel's inbound endpoint behind ADMIN_TOKEN: the simulator, `npm run chat` and
 * tests talk to the engine through it, as a worker would through WhatsApp. Unlike a provider's
 * webhook its messages are processed before the answer, which carries what became of each.
 */
export function operatorRoutes(deps: WebhookDependencies, adminToken: string): Hono {
  const app = new Hono();
  app.use('/console/*', requireAdminToken(adminToken), webhookBodyLimit(deps.maxBodyBytes));

  app.post('/console/:channelId/messages', async (c) => {
    const channel = await deps.registry.byId(asSystem(deps.engine.orm.em, 'route a console message'), c.req.param('channelId'));
    if (!channel || channel.kind !== 'console') return errorResponse(c, 404, 'channel_not_found', 'No console channel has this id');
    const parsed = channel.adapter.parse(await readChannelRequest(c, deps.publicUrl), deps.engine.clock.now());
    if (!parsed.ok) return errorResponse(c, 400, parsed.error.code, parsed.error.message, parsed.error.field);
    const ref = { id: channel.id, organizationId: channel.organizationId };
    const outcomes = [];
    for (const message of parsed.batches.flatMap((batch) => batch.messages)) {
      const outcome = await deps.spool.receiveOrSpool(ref, message);
      if (outcome.kind === 'unavailable') return unavailableResponse(c);
      outcomes.push(publicSpoolOutcome(outcome));
    }
    if (outcomes.length > 0) deps.wakeDispatcher();
    return c.json({ outcomes });
  });
  return app;
}
