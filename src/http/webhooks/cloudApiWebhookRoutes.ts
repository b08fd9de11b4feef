import { Hono } from 'hono';
import { asSystem } from '../../db/tenancy/scopes';
import { errorResponse, unavailableResponse } from '../httpErrors';
import { checkWebhookSignature } from './checkWebhookSignature';
import { chooseBatchReceiver } from './chooseBatchReceiver';
import { deliverBatch } from './deliverBatch';
import { readChannelRequest } from './readChannelRequest';
import { webhookBodyLimit } from './webhookBodyLimit';
import type { WebhookDependencies } from './webhookDependencies';

/**
 * The WhatsApp Cloud API webhook of one channel: Meta's verification handshake, and POSTs signed
 * with the Meta app's secret. One app's POST may carry several numbers: each batch goes to the
 * channel of its phone_number_id only when that channel's own app secret verified the request
 * (`chooseBatchReceiver`), so one organization cannot inject messages into another's channel by
 * claiming its app id; a batch that may not go anywhere is dropped and logged, the others go on.
 */
export function cloudApiWebhookRoutes(deps: WebhookDependencies): Hono {
  const app = new Hono();
  const routing = () => asSystem(deps.engine.orm.em, 'route a Cloud API webhook');

  app.get('/webhooks/whatsapp/:channelId', async (c) => {
    const channel = await deps.registry.byId(routing, c.req.param('channelId'));
    if (!channel || channel.kind !== 'cloud_api') return errorResponse(c, 404, 'channel_not_found', 'No Cloud API channel has this id');
    const answer = channel.answerHandshake(new URL(c.req.url).searchParams);
    return answer.ok ? c.text(answer.challenge, 200) : errorResponse(c, answer.status, 'verification_failed', answer.message);
  });

  app.post(
    '/webhooks/whatsapp/:channelId',
    webhookBodyLimit(deps.maxBodyBytes),
    async (c) => {
      const channel = await deps.registry.byId(routing, c.req.param('channelId'));
      if (!channel || channel.kind !== 'cloud_api') return errorResponse(c, 404, 'channel_not_found', 'No Cloud API channel has this id');
      const request = await readChannelRequest(c, deps.publicUrl);
      const refused = checkWebhookSignature(deps, c, channel, request, 'Cloud API');
      if (refused) return refused;
      const parsed = channel.adapter.parse(request, deps.engine.clock.now());
      if (!parsed.ok) return errorResponse(c, 400, parsed.error.code, parsed.error.message, parsed.error.field);
      const addresses = parsed.batches.map((batch) => batch.channelAddress);
      const owners = await deps.registry.byAddresses(routing, 'cloud_api', addresses);
      const deliveries = parsed.batches.flatMap((batch) => {
        const receiver = chooseBatchReceiver(channel, owners.filter((candidate) => candidate.address === batch.channelAddress), request);
        if ('channel' in receiver) return [deliverBatch(deps, receiver.channel, batch)];
        deps.engine.logger.warn({ channelId: channel.id, phoneNumberId: batch.channelAddress, reason: receiver.dropped }, 'dropped a Cloud API batch');
        return [];
      });
      // Handed over together, in order: every message of the request goes into one statement.
      if ((await Promise.all(deliveries)).some((delivery) => delivery.unavailable)) return unavailableResponse(c);
      return c.json({ status: 'ok' });
    },
  );
  return app;
}
