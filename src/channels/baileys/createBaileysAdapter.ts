import type { ChannelAdapter, MediaDownload, OutboundMessage, SendResult } from '../channelTypes';

export interface BaileysAdapterOptions {
  /** Usually `(message) => baileysChannels.send(channelId, message)` from `startBaileysChannels`. */
  send: (message: OutboundMessage) => Promise<SendResult>;
  /** Usually `(ref) => baileysChannels.downloadMedia(channelId, ref)`: the bytes the socket already downloaded. */
  downloadMedia?: (providerRef: string) => Promise<MediaDownload>;
}

const noWebhooks = 'Baileys channels receive through their WhatsApp socket, not webhooks';

/**
 * The dispatcher's and the pipeline's view of a Baileys channel: send through the socket this
 * instance holds, and hand over inbound media already downloaded. Inbound messages and receipts
 * arrive as socket events, never as webhooks, so `verify` and `parse` refuse every request.
 */
export function createBaileysAdapter(options: BaileysAdapterOptions): ChannelAdapter {
  return {
    kind: 'baileys',
    verify: () => ({ ok: false, reason: 'not_configured', message: noWebhooks }),
    parse: () => ({ ok: false, error: { code: 'invalid_payload', field: 'kind', message: noWebhooks } }),
    send: options.send,
    ...(options.downloadMedia ? { downloadMedia: options.downloadMedia } : {}),
  };
}
