import { z } from 'zod';
import { e164Schema } from '../channelTypes';

/**
 * A Baileys channel's `settings` (no secrets: the auth state lives in baileys_auth/baileys_keys).
 * A linked personal number that sends like a bulk sender gets banned: keep the cap low and set
 * `sendRatePerSecond` (read by the dispatcher) well under 1.
 */
export const baileysSettingsSchema = z.object({
  /** The linked number, E.164, for display and for pairing by code. */
  phoneNumber: e164Schema.optional(),
  /** Messages this channel may send per UTC day, across instances. Default 250. */
  dailyCap: z.number().int().positive().default(250),
});
export type BaileysSettings = z.infer<typeof baileysSettingsSchema>;
