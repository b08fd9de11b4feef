import { z } from 'zod';
import { baileysSettingsSchema } from '../channels/baileys/baileysSettings';
import { cloudApiSecretsSchema, cloudApiSettingsSchema, twilioSecretsSchema, twilioSettingsSchema } from '../channels/channelConfigSchemas';

/** Kinds an admin may create through the API (the console channel comes with the organization). */
export const onboardableKinds = ['twilio', 'cloud_api', 'baileys'] as const;
export type OnboardableKind = (typeof onboardableKinds)[number];

/** The Cloud API as onboarding requires it: the WhatsApp Business Account id is needed for templates. */
const cloudApiOnboardingSettings = cloudApiSettingsSchema.extend({
  wabaId: z.string().regex(/^\d+$/, 'must be the WhatsApp Business Account id (digits)'),
});

/** What every kind's settings may also carry: the send rate the dispatcher keeps to (`deliveryPolicy`). */
const sendLimit = {
  /** Messages per second at most, shared by every instance; default the provider's (Twilio 1, Cloud API 80, Baileys 0.2). */
  sendRatePerSecond: z.number().positive('must be a positive number of messages a second').max(1000, 'must be at most 1000 messages a second').optional(),
};

/** The Cloud API pair rate as the dispatcher's per-recipient token bucket (`recipientPacing`). */
const pairRate = {
  /** Steady gap between two messages to one user, milliseconds; default 6000 (Meta: about one every 6 s). */
  recipientSpacingMs: z.number().int('must be whole milliseconds').min(0, 'must be 0 (no pacing) or more milliseconds').max(3_600_000, 'must be at most an hour (3600000 ms)').optional(),
  /** Messages one user may get at once, borrowed from later; default 45 (Meta: up to 45 in 6 s). */
  recipientBurst: z.number().int('must be a whole number of messages').min(1, 'must be at least 1 message').max(45, "must be at most 45 messages (Meta's burst)").optional(),
};

/**
 * Per kind: the settings (strict: an unknown key, such as a misspelt one, is named, never
 * dropped) and the secrets an admin gives (the verify token is generated).
 */
export const kindSchemas = {
  twilio: { settings: twilioSettingsSchema.safeExtend(sendLimit).strict(), secrets: twilioSecretsSchema },
  cloud_api: { settings: cloudApiOnboardingSettings.safeExtend(sendLimit).safeExtend(pairRate).strict(), secrets: cloudApiSecretsSchema },
  baileys: { settings: baileysSettingsSchema.safeExtend(sendLimit).strict(), secrets: z.object({}) },
} as const;

/** JSON values as they come from a request body. */
export type JsonRecord = Record<string, unknown>;

export type ConfigCheck =
  | { ok: true; settings: JsonRecord; secrets: Record<string, string> }
  | { ok: false; field: string; message: string };

function firstIssue(error: z.ZodError, prefix: string, known: string[]): { field: string; message: string } {
  const [issue, ...others] = error.issues;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = [prefix, ...issue.path.map(String), ...(unknownKey ? [unknownKey] : [])].join('.');
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  const message = unknownKey
    ? `is not one of this kind's ${prefix}: ${known.join(', ') || 'none'}`
    : issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { field, message: `${field}: ${message}${more}` };
}

/**
 * Checks a channel's whole settings and secrets against its kind's zod schema. A failure names
 * the field, e.g. `settings.accountSid: must be an Account SID: 'AC' then 32 hex digits`.
 */
export function validateChannelConfig(kind: OnboardableKind, settings: JsonRecord, secrets: JsonRecord): ConfigCheck {
  const schemas = kindSchemas[kind];
  const parsedSettings = schemas.settings.safeParse(settings);
  if (!parsedSettings.success) return { ok: false, ...firstIssue(parsedSettings.error, 'settings', Object.keys(schemas.settings.shape)) };
  const parsedSecrets = schemas.secrets.strict().safeParse(secrets);
  if (!parsedSecrets.success) return { ok: false, ...firstIssue(parsedSecrets.error, 'secrets', Object.keys(schemas.secrets.shape)) };
  const cleanSecrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsedSecrets.data)) if (typeof value === 'string') cleanSecrets[key] = value;
  return { ok: true, settings: { ...parsedSettings.data }, secrets: cleanSecrets };
}

/** The address a channel serves, from its settings: the sender number, the phone number id, or the linked number. */
export function channelAddress(kind: OnboardableKind, settings: Record<string, unknown>, channelId: string): string {
  const text = (key: string) => (typeof settings[key] === 'string' ? String(settings[key]) : undefined);
  if (kind === 'twilio') return text('from') ?? text('messagingServiceSid') ?? channelId;
  if (kind === 'cloud_api') return text('phoneNumberId') ?? channelId;
  return text('phoneNumber') ?? `baileys:${channelId}`;
}
