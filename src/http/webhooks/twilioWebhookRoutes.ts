import { Hono } from 'hono';
import { renderEmptyTwiml } from '../../channels/twilio/renderEmptyTwiml';
import { asSystem } from '../../db/tenancy/scopes';
import { errorResponse, unavailableResponse } from '../httpErrors';
import { checkWebhookSignature } from './checkWebhookSignature';
import { deliverBatch } from './deliverBatch';
import { readChannelRequest } from './readChannelRequest';
import { webhookBodyLimit } from './webhookBodyLimit';
import type { WebhookDependencies } from './webhookDependencies';

/**
 * Twilio's inbound webhook and status callback for one channel. The signature is checked with
 * the twilio library against the public URL; the answer is an empty TwiML (replies go through
 * the outbox).
 */
export function twilioWebhookRoutes(deps: WebhookDependencies): Hono {
  const app = new Hono();
  const limit = webhookBodyLimit(deps.maxBodyBytes);

  const receive = (expect: 'messages' | 'statuses') =>
    app.post(expect === 'messages' ? '/webhooks/twilio/:channelId' : '/webhooks/twilio/:channelId/status', limit, async (c) => {
      const channel = await deps.registry.byId(() => asSystem(deps.engine.orm.em, 'route a Twilio webhook'), c.req.param('channelId'));
      if (!channel || channel.kind !== 'twilio') return errorResponse(c, 404, 'channel_not_found', 'No Twilio channel has this id');
      const request = await readChannelRequest(c, deps.publicUrl);
      const refused = checkWebhookSignature(deps, c, channel, request, 'Twilio');
      if (refused) return refused;
      const parsed = channel.adapter.parse(request, deps.engine.clock.now());
      if (!parsed.ok) return errorResponse(c, 400, parsed.error.code, parsed.error.message, parsed.error.field);
      for (const batch of parsed.batches) {
        if ((await deliverBatch(deps, channel, batch)).unavailable) return unavailableResponse(c);
      }
      return c.body(renderEmptyTwiml(), 200, { 'content-type': 'text/xml' });
    });

  receive('messages');
  receive('statuses');
  return app;
}
