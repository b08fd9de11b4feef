import { z } from 'zod';
import type { SendFailure } from '../channelTypes';
import { classifyNetworkError } from '../classifyNetworkError';
import { describeTwilioErrorCode } from './describeTwilioErrorCode';

/** Twilio codes that mean "slow down / try later" even on a 4xx. */
const TRANSIENT_CODES = new Set([20429, 63018, 30022]);

/** Shape of twilio-node's RestException (status, code, message, moreInfo). */
const restException = z.object({
  status: z.number(),
  code: z.number().optional(),
  message: z.string().optional(),
});

/**
 * Classify what `client.messages.create` threw:
 * HTTP 429, 5xx, rate-limit codes and network errors are transient;
 * other 4xx answers (21211 invalid number, 21610 opted out, 63016 outside the
 * window, 20003 bad credentials…) are permanent.
 */
export function classifyTwilioError(error: unknown): SendFailure {
  const rest = restException.safeParse(error);
  if (rest.success) {
    const { status, code } = rest.data;
    const codeText = String(code ?? status);
    const reason = rest.data.message || describeTwilioErrorCode(codeText);
    if (status === 429 || status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) {
      return { ok: false, kind: 'transient', code: codeText, reason };
    }
    return { ok: false, kind: 'permanent', code: codeText, reason };
  }
  const network = classifyNetworkError(error);
  if (network) return network;
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, kind: 'permanent', code: 'client_error', reason: `twilio client failed: ${message}` };
}
