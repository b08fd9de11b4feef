import { z } from 'zod';
import type { OutboundMessage, SendResult } from '../channelTypes';
import { describeRequestFailure } from '../classifyNetworkError';
import { postJson, type JsonAnswer } from '../postJson';
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
  let answer: JsonAnswer;
  try {
    const headers = { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json' };
    answer = await postJson(graphUrl(options, `${encodeURIComponent(options.phoneNumberId)}/messages`), headers, JSON.stringify(built.body), options.timeoutMs ?? 15_000);
  } catch (error) {
    return describeRequestFailure(error, 'request failed', true);
  }
  const { body } = answer;
  if (!answer.ok) return classifyCloudApiError(answer.status, body, answer.retryAfter);
  const parsed = sendResponse.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      kind: 'transient',
      code: 'unexpected_response',
      reason: `Graph API answered HTTP ${answer.status} without a message id`,
      inDoubt: true,
    };
  }
  return { ok: true, providerMessageId: parsed.data.messages[0].id };
}
