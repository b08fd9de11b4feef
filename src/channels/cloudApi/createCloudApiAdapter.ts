import type { ChannelAdapter, ChannelRequest } from '../channelTypes';
import type { CloudApiClientOptions } from './cloudApiClientOptions';
import { downloadCloudApiMedia } from './downloadCloudApiMedia';
import { parseCloudApiWebhook } from './parseCloudApiWebhook';
import { sendViaCloudApi } from './sendViaCloudApi';
import { verifyCloudApiSignature } from './verifyCloudApiSignature';

export interface CloudApiAdapterOptions extends CloudApiClientOptions {
  /** The Meta app secret that signs webhooks (X-Hub-Signature-256). */
  appSecret: string;
  /** The business phone number id this channel sends from. */
  phoneNumberId: string;
  /** Largest inbound media file downloaded, bytes. Default 100 MiB. */
  maxMediaBytes?: number;
}

/**
 * One Cloud API number as a ChannelAdapter. One Meta app's webhook may carry
 * several numbers: `parse` returns a batch per `phone_number_id`, and the
 * caller must accept only batches whose id belongs to a channel of the same
 * Meta app (the secret that verified the request).
 */
export function createCloudApiAdapter(options: CloudApiAdapterOptions): ChannelAdapter {
  return {
    kind: 'cloud_api',
    verify: (request: ChannelRequest) =>
      verifyCloudApiSignature({
        appSecret: options.appSecret,
        signature: request.headers['x-hub-signature-256'],
        rawBody: request.rawBody,
      }),
    parse: (request: ChannelRequest) => parseCloudApiWebhook(request.rawBody),
    send: (message) => sendViaCloudApi(options, message),
    downloadMedia: (mediaId) =>
      downloadCloudApiMedia({ ...options, ...(options.maxMediaBytes ? { maxBytes: options.maxMediaBytes } : {}) }, mediaId),
  };
}
