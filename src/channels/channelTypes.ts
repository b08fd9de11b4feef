import { z } from 'zod';

/**
 * The normalized vocabulary every channel adapter speaks. The engine sees only
 * these types; provider payloads never leave src/channels.
 */

/** Channel kinds. `baileys` is reserved: its adapter comes later. */
export const channelKindSchema = z.enum(['twilio', 'cloud_api', 'console', 'baileys']);
export type ChannelKind = z.infer<typeof channelKindSchema>;

/** A phone number in E.164 form: `+` then 6 to 15 digits, e.g. `+15550001234`. */
export const e164Schema = z
  .string()
  .regex(/^\+[1-9]\d{5,14}$/, 'must be an E.164 phone number such as +15550001234');

/** A provider's message id as stored: messages.provider_message_id and inbound_provider_ids are varchar(128). */
export const providerMessageIdSchema = z.string().min(1).max(128, 'must be at most 128 characters (a provider message id)');

/** A provider's error code as stored: messages.error_code is varchar(32). */
export const providerErrorCodeSchema = z.string().max(32, 'must be at most 32 characters (a provider error code)');

/** The last second a provider's time may name: 9999-12-31T23:59:59Z (PostgreSQL and Date both hold it). */
const LAST_EPOCH_SECOND = 253_402_300_799;

/** A provider's time as seconds since 1970 in digits (Cloud API `timestamp`). */
export const epochSecondsSchema = z
  .string()
  .regex(/^\d+$/, 'must be a string of digits')
  .refine((seconds) => Number(seconds) <= LAST_EPOCH_SECOND, 'must be seconds since 1970 before the year 10000');

/** Epoch milliseconds of a message or status, up to the year 10000. */
const epochMillisSchema = z.number().int().nonnegative().max(LAST_EPOCH_SECOND * 1000);

export const mediaKindSchema = z.enum(['image', 'audio', 'video', 'document']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

export const inboundMediaSchema = z.object({
  kind: mediaKindSchema,
  /** Twilio: the MediaUrl (needs the account's basic auth). Cloud API: the media id (download at once, it expires within minutes). */
  providerRef: z.string().min(1),
  mimeType: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});
export type InboundMedia = z.infer<typeof inboundMediaSchema>;

export const inboundMessageSchema = z.object({
  /** The provider's id: Twilio MessageSid, Cloud API `wamid…`. Unique per channel: the dedupe key. */
  providerMessageId: providerMessageIdSchema,
  /** Sender, E.164. */
  from: e164Schema,
  /** Display name from the provider (Twilio ProfileName, Cloud API contacts[].profile.name). */
  profileName: z.string().optional(),
  /** When the message was sent, epoch milliseconds. Twilio sends no time: the caller's clock is used. */
  at: epochMillisSchema,
  /** Typed text. For media messages the caption is in `media.caption`, not here. */
  text: z.string().optional(),
  /** Id or payload of a tapped button or list row. */
  replyId: z.string().optional(),
  /** The provider id of the outbound message this one replies to, when the provider says. */
  inReplyTo: z.string().optional(),
  media: inboundMediaSchema.optional(),
  /** Set when the provider delivered a message type this channel does not translate (location, sticker, poll…). */
  unsupported: z.object({ type: z.string() }).optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const deliveryStatusSchema = z.enum(['sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const statusUpdateSchema = z.object({
  /** The id returned by `send` (SendResult.providerMessageId). */
  providerMessageId: providerMessageIdSchema,
  status: deliveryStatusSchema,
  /** Epoch milliseconds. Twilio sends no time: the caller's clock is used. */
  at: epochMillisSchema,
  /** Recipient, E.164, when the provider says. */
  recipient: e164Schema.optional(),
  /** Provider error code as a string (Twilio `63016`, Cloud API `131047`). */
  errorCode: providerErrorCodeSchema.optional(),
  errorReason: z.string().optional(),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

export const choiceOptionSchema = z.object({
  /** Comes back as InboundMessage.replyId when tapped. */
  id: z.string().min(1).max(256),
  title: z.string().min(1),
  /** Shown under a list row where lists exist; ignored elsewhere. */
  description: z.string().optional(),
});
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;

export const choicesSchema = z.object({
  options: z.array(choiceOptionSchema).min(1),
  /**
   * Wish, not promise: a channel falls back to a list when buttons do not fit
   * (more than 3, titles over 20 characters) and to numbered text when a list
   * does not fit (more than 10 rows, titles over 24 characters) or the channel
   * has neither.
   */
  presentation: z.enum(['buttons', 'list', 'numbered']),
  /** Label of the button that opens a list (Cloud API: at most 20 characters). Default "Choose". */
  menuLabel: z.string().min(1).max(20).optional(),
});
export type Choices = z.infer<typeof choicesSchema>;

export const outboundMessageSchema = z
  .object({
    /** Recipient, E.164. */
    to: e164Schema,
    text: z.string().optional(),
    media: z
      .object({
        kind: mediaKindSchema,
        /** Public https URL the provider fetches. */
        url: z.url(),
        caption: z.string().optional(),
        /** Shown for documents. */
        filename: z.string().optional(),
      })
      .optional(),
    choices: choicesSchema.optional(),
    /** An approved template, required outside the 24-hour window. When present it is sent instead of text/media/choices. */
    template: z
      .object({
        /** Cloud API template name; Twilio: resolved to a Content SID by the adapter's options. */
        name: z.string().min(1),
        /** Language code, e.g. `en` or `en_US`. */
        language: z.string().min(2),
        /** Body variables {{1}}, {{2}}… in order. */
        variables: z.array(z.string()),
      })
      .optional(),
  })
  .refine((m) => m.template || m.text || m.media, {
    message: 'an outbound message needs text, media or a template',
    path: ['text'],
  })
  .refine((m) => !m.choices || m.template || m.text || m.media?.caption, {
    message: 'choices need text (or a media caption) to present them with',
    path: ['choices'],
  });
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

/** Outcome of one send. Expected failures are values, never thrown. */
export type SendResult =
  | { ok: true; providerMessageId: string }
  | {
      ok: false;
      kind: 'transient';
      /** Provider code (`20429`, `131056`), HTTP status, or a network error code such as `ECONNREFUSED`. */
      code: string;
      reason: string;
      /** Suggested wait before retrying, milliseconds, when known. */
      retryAfterMs?: number;
      /** True when the request may have reached the provider (timeout, reset): a retry may duplicate it. */
      inDoubt?: boolean;
    }
  | { ok: false; kind: 'permanent'; code: string; reason: string };

export type SendFailure = Extract<SendResult, { ok: false }>;

/** Outcome of fetching an inbound media file: its bytes as a stream, read once, never whole in memory. */
export type MediaDownload =
  | {
      ok: true;
      body: AsyncIterable<Uint8Array>;
      mimeType: string;
      /** The provider's limit for this file, bytes: whoever reads `body` stops beyond it. */
      maxBytes: number;
      /** The provider's SHA-256 of the file, when given. */
      sha256?: string;
    }
  | SendFailure;

/** A webhook request as received, before any parsing. */
export interface ChannelRequest {
  /** The public URL exactly as the provider called it: PUBLIC_URL + path + query. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The raw body bytes, never re-serialized. */
  rawBody: Uint8Array;
}

/** Messages and statuses addressed to one business number. */
export interface WebhookBatch {
  /**
   * The business side of the conversation: Cloud API `metadata.phone_number_id`,
   * Twilio the business number (E.164), console the channel's own label.
   * The engine routes each batch to the channel that owns this address.
   */
  channelAddress: string;
  messages: InboundMessage[];
  statuses: StatusUpdate[];
}

/** A payload that does not match the provider's format. `field` is the dotted path of the first problem. */
export interface PayloadError {
  code: 'invalid_payload';
  field: string;
  message: string;
}

export type ParseResult = { ok: true; batches: WebhookBatch[] } | { ok: false; error: PayloadError };

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'bad_signature' | 'not_configured'; message: string };

/** The one surface the engine and the dispatcher use, whatever the provider. */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Check the request's signature against the raw bytes. Answer 403 when not ok. */
  verify(request: ChannelRequest): VerifyResult;
  /**
   * Turn a verified request into normalized messages and statuses.
   * @param receivedAt epoch milliseconds from the caller's clock, used where the provider sends no time.
   */
  parse(request: ChannelRequest, receivedAt: number): ParseResult;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Fetch an inbound media file by its `InboundMessage.media.providerRef`.
   * Absent on channels whose media needs no download (console).
   */
  downloadMedia?(providerRef: string): Promise<MediaDownload>;
}
