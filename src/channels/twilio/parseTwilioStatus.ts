import { z } from 'zod';
import { providerErrorCodeSchema, providerMessageIdSchema, type DeliveryStatus, type ParseResult, type StatusUpdate } from '../channelTypes';
import { describePayloadError } from '../describePayloadError';
import { toE164 } from '../toE164';
import { describeTwilioErrorCode } from './describeTwilioErrorCode';
import type { TwilioFormParams } from './readTwilioForm';

const statusSchema = z.object({
  MessageSid: providerMessageIdSchema,
  MessageStatus: z.string().min(1).optional(),
  SmsStatus: z.string().min(1).optional(),
  From: z.string().optional(),
  To: z.string().optional(),
  ErrorCode: providerErrorCodeSchema.optional(),
  ErrorMessage: z.string().optional(),
});

/** Twilio statuses that matter to the log; queued/accepted/sending/scheduled are Twilio-internal and skipped. */
const STATUS_MAP: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
};

/**
 * Parse a Twilio status callback (MessageStatus, or its older alias SmsStatus; MessageSid, ErrorCode).
 * Intermediate statuses give an empty batch, not an error.
 * @param receivedAt epoch milliseconds: Twilio sends no status time.
 */
export function parseTwilioStatus(params: TwilioFormParams, receivedAt: number): ParseResult {
  const parsed = statusSchema.safeParse(params);
  if (!parsed.success) return { ok: false, error: describePayloadError('Twilio status callback', parsed.error) };
  const form = parsed.data;
  const named = form.MessageStatus ?? form.SmsStatus;
  if (named === undefined) return { ok: false, error: { code: 'invalid_payload', field: 'MessageStatus', message: "Twilio status callback: field 'MessageStatus' is missing" } };
  const status = STATUS_MAP[named];
  const statuses: StatusUpdate[] = [];
  if (status) {
    const update: StatusUpdate = { providerMessageId: form.MessageSid, status, at: receivedAt };
    const recipient = form.To ? toE164(form.To) : undefined;
    if (recipient) update.recipient = recipient;
    if (form.ErrorCode) {
      update.errorCode = form.ErrorCode;
      update.errorReason = form.ErrorMessage || describeTwilioErrorCode(form.ErrorCode);
    }
    statuses.push(update);
  }
  const business = form.From ? toE164(form.From) : undefined;
  return { ok: true, batches: [{ channelAddress: business ?? '', messages: [], statuses }] };
}
