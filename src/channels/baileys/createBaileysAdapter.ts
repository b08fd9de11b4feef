import type { ChannelAdapter, OutboundMessage, SendResult } from '../channelTypes';

/**
 * The dispatcher's view of a Baileys channel: it only sends (through the socket this instance
 * holds). Inbound messages and receipts arrive as socket events, never as webhooks, so `verify`
 * and `parse` refuse every request.
 * @param send usually `baileysChannels.send.bind(null, channelId)` from `startBaileysChannels`.
 */
export function createBaileysAdapter(send: (message: OutboundMessage) => Promise<SendResult>): ChannelAdapter {
  return {
    kind: 'baileys',
    verify: () => ({ ok: false, reason: 'not_configured', message: 'Baileys channels receive through their WhatsApp socket, not webhooks' }),
    parse: () => ({
      ok: false,
      error: { code: 'invalid_payload', field: 'kind', message: 'Baileys channels receive through their WhatsApp socket, not webhooks' },
    }),
    send,
  };
}
