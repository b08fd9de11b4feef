import { twilioConnectionOverrides } from '../channels/twilio/twilioConnectionOverrides';

/** What an admin pastes into the provider's console for a channel. */
export type ChannelWebhooks =
  | { kind: 'twilio'; inboundUrl: string; statusCallbackUrl: string; checklist: string[] }
  | { kind: 'cloud_api'; callbackUrl: string; verifyToken: string | null; checklist: string[] }
  | { kind: 'baileys' | 'console'; checklist: string[] };

/**
 * The webhook URLs of a channel, built from PUBLIC_URL, with a short setup checklist per kind.
 * @param verifyToken the Cloud API channel's verify token (null when it cannot be opened here).
 */
export function buildWebhookUrls(publicUrl: string, channel: { id: string; kind: string }, verifyToken: string | null = null): ChannelWebhooks {
  const base = publicUrl.replace(/\/+$/, '');
  if (channel.kind === 'twilio') {
    const inboundUrl = `${base}/webhooks/twilio/${channel.id}#${twilioConnectionOverrides}`;
    return {
      kind: 'twilio',
      inboundUrl,
      statusCallbackUrl: `${base}/webhooks/twilio/${channel.id}/status`,
      checklist: [
        'In the Twilio console, open the WhatsApp sender (or the Messaging Service) of this number.',
        `Set "When a message comes in" to ${inboundUrl} (HTTP POST), overrides included.`,
        'Leave the status callback empty: the engine asks for it on every message it sends.',
        'Then check the connection: "Check connection" on the channel page of the coach console, or POST /v1/channels/{id}/verify.',
        'Register each approved Content Template (its Content SID) for messages outside the 24-hour window: "Add a Twilio template" on the channel\'s templates page, or POST /v1/channels/{id}/templates.',
      ],
    };
  }
  if (channel.kind === 'cloud_api') {
    const callbackUrl = `${base}/webhooks/whatsapp/${channel.id}`;
    return {
      kind: 'cloud_api',
      callbackUrl,
      verifyToken,
      checklist: [
        'In the Meta app dashboard, open WhatsApp > Configuration.',
        `Set the Callback URL to ${callbackUrl} and the Verify token to the one shown here, then "Verify and save".`,
        'Subscribe the webhook field "messages".',
        'Then check the connection: "Check connection" on the channel page of the coach console, or POST /v1/channels/{id}/verify.',
        'Sync the approved message templates, for messages outside the 24-hour window: "Sync from Meta" on the channel\'s templates page, or POST /v1/channels/{id}/templates/sync.',
      ],
    };
  }
  const kind = channel.kind === 'baileys' ? 'baileys' : 'console';
  return { kind, checklist: kind === 'baileys' ? ['Pair the number from the console (QR code or pairing code); no webhook is needed.'] : ['Nothing to configure.'] };
}
