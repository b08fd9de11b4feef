import { z } from 'zod';
import { baileysSettingsSchema } from '../baileys/baileysSettings';
import { cloudApiSecretsSchema, cloudApiSettingsSchema, twilioSecretsSchema, twilioSettingsSchema } from '../channelConfigSchemas';

/** Kinds an admin may create through the API (the console channel comes with the organization). */
export const onboardableKinds = ['twilio', 'cloud_api', 'baileys'] as const;
export type OnboardableKind = (typeof onboardableKinds)[number];

/** The Cloud API as onboarding requires it: the WhatsApp Business Account id is needed for templates. */
const cloudApiOnboardingSettings = cloudApiSettingsSchema.extend({
  wabaId: z.string().regex(/^\d+$/, 'must be the WhatsApp Business Account id (digits)'),
});

/** Per kind: the settings schema, the secrets an admin gives (the verify token is generated), and the secret names. */
export const kindSchemas = {
  twilio: { settings: twilioSettingsSchema, secrets: twilioSecretsSchema },
  cloud_api: { settings: cloudApiOnboardingSettings, secrets: cloudApiSecretsSchema },
  baileys: { settings: baileysSettingsSchema, secrets: z.object({}) },
} as const;

/** JSON values as they come from a request body. */
export type JsonRecord = Record<string, unknown>;

export type ConfigCheck =
  | { ok: true; settings: JsonRecord; secrets: Record<string, string> }
  | { ok: false; field: string; message: string };

function firstIssue(error: z.ZodError, prefix: string): { field: string; message: string } {
  const [issue, ...others] = error.issues;
  const field = [prefix, ...issue.path.map(String)].join('.');
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { field, message: `${field}: ${message}${more}` };
}

/**
 * Checks a channel's whole settings and secrets against its kind's zod schema. A failure names
 * the field, e.g. `settings.accountSid: must be an Account SID: 'AC' then 32 hex digits`.
 */
export function validateChannelConfig(kind: OnboardableKind, settings: JsonRecord, secrets: JsonRecord): ConfigCheck {
  const schemas = kindSchemas[kind];
  const parsedSettings = schemas.settings.safeParse(settings);
  if (!parsedSettings.success) return { ok: false, ...firstIssue(parsedSettings.error, 'settings') };
  const parsedSecrets = schemas.secrets.strict().safeParse(secrets);
  if (!parsedSecrets.success) return { ok: false, ...firstIssue(parsedSecrets.error, 'secrets') };
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
