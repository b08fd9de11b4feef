import type { ChannelAdapter, ChannelRequest, ParseResult } from '../channelTypes';
import { downloadTwilioMedia } from './downloadTwilioMedia';
import { parseTwilioRequest } from './parseTwilioRequest';
import { readTwilioForm } from './readTwilioForm';
import type { createTwilioRestClient } from './createTwilioRestClient';
import { sendViaTwilio, type TwilioSendOptions } from './sendViaTwilio';
import { verifyTwilioSignature } from './verifyTwilioSignature';

export interface TwilioAdapterOptions extends TwilioSendOptions {
  /** Account SID (`AC…`). */
  accountSid: string;
  /** The account's Auth Token: signs webhooks and authenticates sends. */
  authToken: string;
  /** API key SID (`SK…`) to send with an API key; webhooks are still verified with `authToken`. */
  apiKeySid?: string;
  /** API key secret, with `apiKeySid`. */
  apiKeySecret?: string;
  /** REST origin override for tests, e.g. `http://127.0.0.1:4010`. Default https://api.twilio.com. */
  baseUrl?: string;
  /** REST request timeout, milliseconds. Default 15000. */
  timeoutMs?: number;
}

/**
 * One Twilio WhatsApp sender as a ChannelAdapter. `parse` accepts both the
 * inbound webhook and the status callback (told apart by MessageStatus or SmsStatus).
 */
export function createTwilioAdapter(options: TwilioAdapterOptions): ChannelAdapter {
  // The twilio SDK (about 6 MB of heap with its HTTP client) is imported at the first send, not
  // with the adapter: an engine whose Twilio channels only receive, or that has none, never loads it.
  let client: Promise<ReturnType<typeof createTwilioRestClient>> | undefined;
  const restClient = () =>
    (client ??= import('./createTwilioRestClient').then(({ createTwilioRestClient }) =>
      createTwilioRestClient({
        accountSid: options.accountSid,
        authToken: options.apiKeySecret ?? options.authToken,
        ...(options.apiKeySid ? { apiKeySid: options.apiKeySid } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      }),
    ));
  return {
    kind: 'twilio',
    verify: (request: ChannelRequest) =>
      verifyTwilioSignature({
        authToken: options.authToken,
        signature: request.headers['x-twilio-signature'],
        url: request.url,
        params: readTwilioForm(request.rawBody),
      }),
    parse: (request: ChannelRequest, receivedAt: number): ParseResult => {
      return parseTwilioRequest(readTwilioForm(request.rawBody), receivedAt);
    },
    send: async (message) => sendViaTwilio(await restClient(), options, message),
    downloadMedia: (mediaUrl) =>
      downloadTwilioMedia(
        {
          accountSid: options.accountSid,
          authToken: options.authToken,
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        },
        mediaUrl,
      ),
  };
}
