import type { ParseResult } from '../channelTypes';
import { parseTwilioStatus } from './parseTwilioStatus';
import { parseTwilioWebhook } from './parseTwilioWebhook';
import type { TwilioFormParams } from './readTwilioForm';

/** The status an inbound message's own webhook carries (SmsStatus=received): not a status callback. */
const INBOUND_STATUSES = new Set(['received', 'receiving']);

/**
 * Whether a request is a status callback: it names a status (MessageStatus, or its older alias
 * SmsStatus) other than an inbound message's own. A status sent twice counts too, so that the
 * status callback's schema refuses it naming the field, rather than the request passing for an
 * inbound message.
 */
function isStatusCallback(params: TwilioFormParams): boolean {
  const status = params.MessageStatus ?? params.SmsStatus;
  return Array.isArray(status) || (status !== undefined && !INBOUND_STATUSES.has(status));
}

/**
 * Parse either of Twilio's requests: a status callback (it names a MessageStatus or SmsStatus
 * other than received) or an inbound message. A request that is neither, because a field each
 * needs is missing, says what is missing for each, not only what an inbound message lacks.
 * @param receivedAt epoch milliseconds: Twilio sends no time.
 */
export function parseTwilioRequest(params: TwilioFormParams, receivedAt: number): ParseResult {
  if (isStatusCallback(params)) return parseTwilioStatus(params, receivedAt);
  const inbound = parseTwilioWebhook(params, receivedAt);
  const field = inbound.ok ? undefined : inbound.error.field;
  // A field present but malformed, or a status of its own (received): an inbound message after all.
  if (inbound.ok || field === undefined || params[field] !== undefined || params.MessageStatus !== undefined || params.SmsStatus !== undefined) return inbound;
  return {
    ok: false,
    error: {
      code: 'invalid_payload',
      field,
      message: `Twilio webhook: neither an inbound message (field '${field}' is missing) nor a status callback (field 'MessageStatus' is missing)`,
    },
  };
}
