import type { Context } from 'hono';
import type { LoadedChannel } from '../../channels/channelRegistry';
import type { ChannelRequest } from '../../channels/channelTypes';
import { errorResponse } from '../httpErrors';
import type { WebhookDependencies } from './webhookDependencies';

/**
 * Verifies a webhook's signature with the channel's current secret, or a rotated-out one within
 * its grace period (logged, by name only: the provider still signs with the old secret). Answers
 * the 403 to send, or undefined when the request may go on.
 */
export function checkWebhookSignature(deps: WebhookDependencies, c: Context, channel: LoadedChannel, request: ChannelRequest, provider: string): Response | undefined {
  const verified = channel.verify(request);
  if (verified.ok) {
    if (verified.retiredSecret) {
      deps.engine.logger.warn(
        { channelId: channel.id, secret: verified.retiredSecret.name, replacedAt: verified.retiredSecret.replacedAt },
        `${provider} webhook signed with a rotated-out secret: accepted during the grace period (the provider still uses the old one)`,
      );
    }
    return undefined;
  }
  deps.engine.logger.warn(
    { channelId: channel.id, reason: verified.reason, ...(verified.expiredSecret ? { expiredSecret: verified.expiredSecret.name, replacedAt: verified.expiredSecret.replacedAt } : {}) },
    verified.expiredSecret ? `rejected ${provider} webhook: signed with a rotated-out secret whose grace period is over` : `rejected ${provider} webhook`,
  );
  return errorResponse(c, 403, verified.reason, verified.message);
}
