import { z } from 'zod';
import { e164Schema } from './channelTypes';

/**
 * What a `channels` row stores per kind: `settings` (plain JSON, may be shown
 * to admins) and `secrets` (sealed with secretBox, never returned or logged).
 */

export const twilioSettingsSchema = z
  .object({
    /** Account SID, `AC` + 32 hex. */
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be an Account SID: 'AC' then 32 hex digits"),
    /** The business WhatsApp number, E.164. */
    from: e164Schema.optional(),
    /** Messaging Service SID (`MG…`), used instead of `from` when set. */
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be a Messaging Service SID: 'MG' then 32 hex digits").optional(),
    /** Approved Content API templates: key `name:language` or `name`, value the Content SID (`HX…`). */
    contentSids: z.record(z.string(), z.string().regex(/^HX[0-9a-fA-F]{32}$/, "must be a Content SID: 'HX' then 32 hex digits")).optional(),
  })
  .refine((s) => s.from || s.messagingServiceSid, { message: 'is required (or messagingServiceSid)', path: ['from'] });
export type TwilioSettings = z.infer<typeof twilioSettingsSchema>;

export const twilioSecretsSchema = z.object({
  /** Auth Token: always stored, it signs the webhooks. */
  authToken: z.string().min(1),
  /** Optional API key for sending (`SK…`) and its secret. */
  apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/, "must be an API key SID: 'SK' then 32 hex digits").optional(),
  apiKeySecret: z.string().min(1).optional(),
});
export type TwilioSecrets = z.infer<typeof twilioSecretsSchema>;

export const cloudApiSettingsSchema = z.object({
  /** The business number's id in the Graph API (digits), routed on `metadata.phone_number_id`; the channel's address (channels.address, varchar(100)). */
  phoneNumberId: z.string().regex(/^\d+$/, 'must be the phone number id (digits) from the WhatsApp Manager').max(100, 'must be at most 100 digits'),
  /** The Meta app whose webhook delivers this number, as the admin typed it: an entry also needs this channel's own app secret to verify the request (`chooseBatchReceiver`). */
  appId: z.string().regex(/^\d+$/, 'must be the Meta app id (digits)'),
  /** WhatsApp Business Account id; numbers of one portfolio share its messaging limit. */
  wabaId: z.string().regex(/^\d+$/, 'must be the WhatsApp Business Account id (digits)').optional(),
  /** The business number itself, E.164, for display. */
  displayPhoneNumber: e164Schema.optional(),
});
export type CloudApiSettings = z.infer<typeof cloudApiSettingsSchema>;

export const cloudApiSecretsSchema = z.object({
  /** App secret: verifies X-Hub-Signature-256. */
  appSecret: z.string().min(1),
  /** System-user access token for the Graph API. */
  accessToken: z.string().min(1),
  /** The token typed into Meta's webhook settings, checked by the GET handshake. */
  verifyToken: z.string().min(1),
});
export type CloudApiSecrets = z.infer<typeof cloudApiSecretsSchema>;
