import { z } from 'zod';
import type { OutboundMessage, SendResult } from '../channelTypes';
import { describeRequestFailure } from '../classifyNetworkError';
import { buildCloudApiMessageBody } from './buildCloudApiMessageBody';
import { classifyCloudApiError } from './classifyCloudApiError';
import { graphUrl, type CloudApiClientOptions } from './cloudApiClientOptions';

export interface CloudApiSendOptions extends CloudApiClientOptions {
  /** The business phone number id (not the number itself) that sends. */
  phoneNumberId: string;
}

const sendResponse = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });

/**
 * Send one message with `POST {graphBaseUrl}/{phoneNumberId}/messages`.
 * Never throws: failures come back classified (see classifyCloudApiError).
 */
export async function sendViaCloudApi(options: CloudApiSendOptions, message: OutboundMessage): Promise<SendResult> {
  const built = buildCloudApiMessageBody(message);
  if (!built.ok) return built;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(graphUrl(options, `${encodeURIComponent(options.phoneNumberId)}/messages`), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(built.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    return describeRequestFailure(error, 'request failed', true);
  }
  const body = await readJson(response);
  if (!response.ok) return classifyCloudApiError(response.status, body, response.headers.get('retry-after'));
  const parsed = sendResponse.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      kind: 'transient',
      code: 'unexpected_response',
      reason: `Graph API answered HTTP ${response.status} without a message id`,
      inDoubt: true,
    };
  }
  return { ok: true, providerMessageId: parsed.data.messages[0].id };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
