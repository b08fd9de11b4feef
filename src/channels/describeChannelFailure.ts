import type { ChannelKind } from './channelTypes';

/**
 * Provider error codes that say the channel itself is broken (credentials refused, sender not
 * usable, account or number blocked), not one message or recipient: in words an admin understands.
 */
const CHANNEL_FAILURES: Partial<Record<ChannelKind, Record<string, string>>> = {
  twilio: {
    '20003': 'Twilio refused the credentials: the Auth Token or API key is wrong or was revoked. Set the current one (PATCH /v1/channels/{id}), then verify',
    '20005': 'The Twilio account is not active (suspended or closed)',
    '10001': 'The Twilio account is not active (suspended or closed)',
    '21606': 'The sender number is not a WhatsApp sender of this Twilio account',
    '63007': 'Twilio has no WhatsApp sender for this number: check the sender in the Twilio console',
    '63020': 'The WhatsApp Business Account has not accepted the Twilio invitation',
  },
  cloud_api: {
    '190': 'Meta refused the access token: it is invalid or expired. Set a new one (PATCH /v1/channels/{id}), then verify',
    '10': 'The access token has no permission for this WhatsApp number',
    '200': 'The access token has no permission for this WhatsApp number',
    '131031': 'Meta locked the WhatsApp Business Account (policy or verification problem)',
    '131042': 'The WhatsApp Business Account has a payment problem: check its payment method in Meta Business Manager',
    '131045': 'The phone number is not registered for the Cloud API',
    '133010': 'The phone number is not registered for the Cloud API',
    '368': 'Meta temporarily blocked this number for policy violations',
  },
};

/** Engine-side failures that also mean the channel cannot send at all. */
const ENGINE_FAILURES: Record<string, string> = {
  channel_error: 'The channel cannot be loaded (its settings or secrets cannot be used; check ENCRYPTION_KEY and the channel settings)',
};

/**
 * The admin-readable reason when a permanent send failure is the channel's fault (counted towards
 * marking it unhealthy), or undefined when it concerns only one message or recipient.
 */
export function describeChannelFailure(kind: ChannelKind, code: string): string | undefined {
  const reason = CHANNEL_FAILURES[kind]?.[code] ?? ENGINE_FAILURES[code];
  return reason ? `${reason} (error ${code})` : undefined;
}
