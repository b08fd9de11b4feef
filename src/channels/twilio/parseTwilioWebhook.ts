import { z } from 'zod';
import { providerMessageIdSchema, type InboundMessage, type MediaKind, type ParseResult } from '../channelTypes';
import { stripUnstorableValues } from '../../text/stripUnstorableValues';
import { describePayloadError } from '../describePayloadError';
import { toE164 } from '../toE164';
import type { TwilioFormParams } from './readTwilioForm';

const whatsappAddress = z
  .string()
  .refine((value) => toE164(value) !== undefined, 'must be a WhatsApp address such as whatsapp:+15550001234');

/** The fields we read; Twilio adds parameters without notice, so unknown keys are ignored. */
const inboundSchema = z.object({
  MessageSid: providerMessageIdSchema,
  From: whatsappAddress,
  To: whatsappAddress,
  Body: z.string().optional(),
  ProfileName: z.string().optional(),
  NumMedia: z.string().regex(/^\d+$/, 'must be a whole number').optional(),
  MediaUrl0: z.url().optional(),
  MediaContentType0: z.string().optional(),
  ButtonPayload: z.string().optional(),
  ButtonText: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
});

/**
 * Parse a Twilio WhatsApp inbound webhook (form fields) into one InboundMessage.
 * Media: the first attachment (WhatsApp sends one per message); its caption is
 * the Body. A button tap gives `replyId` = ButtonPayload (or ButtonText).
 * U+0000 and lone surrogates are stripped: the message goes through, as PostgreSQL can store it.
 * @param receivedAt epoch milliseconds: Twilio sends no message time.
 */
export function parseTwilioWebhook(params: TwilioFormParams, receivedAt: number): ParseResult {
  const parsed = inboundSchema.safeParse(stripUnstorableValues(params));
  if (!parsed.success) return { ok: false, error: describePayloadError('Twilio webhook', parsed.error) };
  const form = parsed.data;
  const numMedia = Number(form.NumMedia ?? '0');
  if (numMedia > 0 && !form.MediaUrl0) {
    return {
      ok: false,
      error: {
        code: 'invalid_payload',
        field: 'MediaUrl0',
        message: `Twilio webhook: field 'MediaUrl0' is required when NumMedia is ${numMedia}`,
      },
    };
  }
  const body = form.Body === '' ? undefined : form.Body;
  const message: InboundMessage = {
    providerMessageId: form.MessageSid,
    from: toE164(form.From) ?? form.From,
    at: receivedAt,
  };
  if (form.ProfileName) message.profileName = form.ProfileName;
  if (form.OriginalRepliedMessageSid) message.inReplyTo = form.OriginalRepliedMessageSid;
  const replyId = form.ButtonPayload || form.ButtonText;
  if (replyId) message.replyId = replyId;
  if (numMedia > 0 && form.MediaUrl0) {
    message.media = {
      kind: mediaKindOf(form.MediaContentType0),
      providerRef: form.MediaUrl0,
      ...(form.MediaContentType0 ? { mimeType: form.MediaContentType0 } : {}),
      ...(body ? { caption: body } : {}),
    };
  } else if (body !== undefined) {
    message.text = body;
  }
  return {
    ok: true,
    batches: [{ channelAddress: toE164(form.To) ?? form.To, messages: [message], statuses: [] }],
  };
}

function mediaKindOf(contentType: string | undefined): MediaKind {
  if (contentType?.startsWith('image/')) return 'image';
  if (contentType?.startsWith('audio/')) return 'audio';
  if (contentType?.startsWith('video/')) return 'video';
  return 'document';
}
