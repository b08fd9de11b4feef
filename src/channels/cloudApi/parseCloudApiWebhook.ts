import type { DeliveryStatus, InboundMessage, MediaKind, ParseResult, StatusUpdate, WebhookBatch } from '../channelTypes';
import { stripUnstorableValues } from '../../text/stripUnstorableValues';
import { describePayloadError } from '../describePayloadError';
import { toE164 } from '../toE164';
import {
  cloudApiEnvelopeSchema,
  cloudApiMessagesValueSchema,
  type CloudApiError,
  type CloudApiMessage,
} from './cloudApiWebhookSchema';

const PREFIX = 'Cloud API webhook';
const STATUS_MAP: Record<string, DeliveryStatus> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };
const MEDIA_KINDS: ReadonlyArray<MediaKind> = ['image', 'audio', 'video', 'document'];
/**
 * What a JSON text needs to yield U+0000 or a lone surrogate once parsed: a `\u` escape or a
 * surrogate itself (raw control characters are not valid JSON). Without one there is nothing to strip.
 */
const mayHoldUnstorable = /\\u|[\uD800-\uDFFF]/;

/**
 * Parse a Cloud API webhook POST body (raw bytes) into batches, one per
 * `metadata.phone_number_id`, in arrival order. Loops over every entry,
 * change, message and status; changes for other fields (template status,
 * account updates) are skipped. Message types we do not translate come back
 * with `unsupported: { type }` so the engine can answer them. U+0000 and lone surrogates are
 * stripped: the message goes through, as PostgreSQL can store it.
 */
export function parseCloudApiWebhook(rawBody: Uint8Array | string): ParseResult {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    return { ok: false, error: { code: 'invalid_payload', field: '', message: `${PREFIX}: body is not valid JSON (${detail})` } };
  }
  const envelope = cloudApiEnvelopeSchema.safeParse(mayHoldUnstorable.test(text) ? stripUnstorableValues(json) : json);
  if (!envelope.success) return { ok: false, error: describePayloadError(PREFIX, envelope.error) };

  const batches = new Map<string, WebhookBatch>();
  for (const [e, entry] of envelope.data.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field !== 'messages') continue;
      const value = cloudApiMessagesValueSchema.safeParse(change.value);
      if (!value.success) {
        return { ok: false, error: describePayloadError(PREFIX, value.error, ['entry', e, 'changes', c, 'value']) };
      }
      const { metadata, contacts = [], messages = [], statuses = [] } = value.data;
      const batch = batches.get(metadata.phone_number_id) ?? { channelAddress: metadata.phone_number_id, messages: [], statuses: [] };
      batches.set(metadata.phone_number_id, batch);
      for (const message of messages) {
        const profileName = contacts.find((contact) => contact.wa_id === message.from)?.profile?.name;
        batch.messages.push(toInboundMessage(message, profileName));
      }
      for (const status of statuses) {
        const mapped = STATUS_MAP[status.status];
        if (!mapped) continue;
        const update: StatusUpdate = { providerMessageId: status.id, status: mapped, at: Number(status.timestamp) * 1000 };
        const recipient = status.recipient_id ? toE164(status.recipient_id) : undefined;
        if (recipient) update.recipient = recipient;
        const error = status.errors?.[0];
        if (error) Object.assign(update, describeError(error));
        batch.statuses.push(update);
      }
    }
  }
  return { ok: true, batches: [...batches.values()] };
}

function toInboundMessage(message: CloudApiMessage, profileName: string | undefined): InboundMessage {
  const inbound: InboundMessage = {
    providerMessageId: message.id,
    from: `+${message.from}`,
    at: Number(message.timestamp) * 1000,
  };
  if (profileName) inbound.profileName = profileName;
  if (message.context?.id) inbound.inReplyTo = message.context.id;
  const kind = MEDIA_KINDS.find((k) => k === message.type);
  if (message.type === 'text' && message.text) {
    inbound.text = message.text.body;
  } else if (message.type === 'interactive' && message.interactive) {
    const reply = message.interactive.button_reply ?? message.interactive.list_reply;
    if (reply) {
      inbound.replyId = reply.id;
      inbound.text = reply.title;
    } else {
      inbound.unsupported = { type: `interactive.${message.interactive.type}` };
    }
  } else if (message.type === 'button' && message.button) {
    inbound.replyId = message.button.payload ?? message.button.text;
    inbound.text = message.button.text;
  } else if (kind && message[kind]) {
    const media = message[kind];
    inbound.media = {
      kind,
      providerRef: media.id,
      ...(media.mime_type ? { mimeType: media.mime_type } : {}),
      ...(media.caption ? { caption: media.caption } : {}),
      ...(media.filename ? { filename: media.filename } : {}),
    };
  } else {
    inbound.unsupported = { type: message.unsupported?.type ?? message.type };
  }
  return inbound;
}

function describeError(error: CloudApiError): { errorCode: string; errorReason: string } {
  return {
    errorCode: String(error.code),
    errorReason: error.error_data?.details ?? error.message ?? error.title ?? `Cloud API error ${error.code}`,
  };
}
