import { baileysSettingsSchema } from './baileys/baileysSettings';
import { createBaileysAdapter, type BaileysAdapterOptions } from './baileys/createBaileysAdapter';
import type { ChannelAdapter, ChannelKind, OutboundMessage, PayloadError } from './channelTypes';
import {
  cloudApiSecretsSchema,
  cloudApiSettingsSchema,
  twilioSecretsSchema,
  twilioSettingsSchema,
} from './channelConfigSchemas';
import { createCloudApiAdapter } from './cloudApi/createCloudApiAdapter';
import { createConsoleAdapter } from './console/createConsoleAdapter';
import { describePayloadError } from './describePayloadError';
import { createTwilioAdapter } from './twilio/createTwilioAdapter';
import { pickRegisteredTemplate, type RegisteredTemplate } from './pickRegisteredTemplate';

export interface CreateChannelAdapterInput {
  kind: ChannelKind;
  /** The row's settings JSON (validated here). */
  settings: unknown;
  /** The row's secrets, already opened with secretBox (validated here; values never appear in errors). */
  secrets: unknown;
  /**
   * The channel's approved templates (src/templates). A send naming a template by name and
   * language goes out as the one `pickRegisteredTemplate` picks (`en` finds `en_US` when it is the
   * only English one), as the checks at acceptance picked it: Twilio sends its Content SID (before
   * `settings.contentSids`), Cloud API its exact language code.
   */
  registeredTemplates?: RegisteredTemplate[];
  /** Twilio: where status callbacks go, e.g. `${PUBLIC_URL}/webhooks/twilio/${channelId}/status`. */
  statusCallbackUrl?: string;
  /** Twilio REST origin override (tests), e.g. `http://127.0.0.1:4010`. */
  twilioBaseUrl?: string;
  /** Graph API base with version (tests, or a pinned version). Default https://graph.facebook.com/v21.0. */
  graphBaseUrl?: string;
  /** Per-request timeout for provider calls, milliseconds. */
  timeoutMs?: number;
  /** Console: receives sent messages. Required for kind `console`. */
  consoleSink?: (message: OutboundMessage, providerMessageId: string) => void | Promise<void>;
  /** Baileys: send and media of this channel's running socket (`startBaileysChannels`), bound to the row. Required for kind `baileys`. */
  baileys?: BaileysAdapterOptions;
}

export type CreateChannelAdapterResult = { ok: true; adapter: ChannelAdapter } | { ok: false; error: PayloadError };

/** Build the adapter for one `channels` row. Bad configuration is a value naming the field, never a throw. */
export function createChannelAdapter(input: CreateChannelAdapterInput): CreateChannelAdapterResult {
  const timeout = input.timeoutMs ? { timeoutMs: input.timeoutMs } : {};
  const registered = input.registeredTemplates ?? [];
  switch (input.kind) {
    case 'twilio': {
      const settings = twilioSettingsSchema.safeParse(input.settings);
      if (!settings.success) return { ok: false, error: describePayloadError('Twilio channel settings', settings.error, ['settings']) };
      const secrets = twilioSecretsSchema.safeParse(input.secrets);
      if (!secrets.success) return { ok: false, error: describePayloadError('Twilio channel secrets', secrets.error, ['secrets']) };
      const { contentSids = {}, ...sender } = settings.data;
      return {
        ok: true,
        adapter: createTwilioAdapter({
          ...sender,
          ...secrets.data,
          ...timeout,
          ...(input.twilioBaseUrl ? { baseUrl: input.twilioBaseUrl } : {}),
          ...(input.statusCallbackUrl ? { statusCallbackUrl: input.statusCallbackUrl } : {}),
          resolveContentSid: (t) => pickRegisteredTemplate(registered, t)?.contentSid ?? contentSids[`${t.name}:${t.language}`] ?? contentSids[t.name],
        }),
      };
    }
    case 'cloud_api': {
      const settings = cloudApiSettingsSchema.safeParse(input.settings);
      if (!settings.success) return { ok: false, error: describePayloadError('Cloud API channel settings', settings.error, ['settings']) };
      const secrets = cloudApiSecretsSchema.safeParse(input.secrets);
      if (!secrets.success) return { ok: false, error: describePayloadError('Cloud API channel secrets', secrets.error, ['secrets']) };
      const adapter = createCloudApiAdapter({
        phoneNumberId: settings.data.phoneNumberId,
        appSecret: secrets.data.appSecret,
        accessToken: secrets.data.accessToken,
        ...timeout,
        ...(input.graphBaseUrl ? { graphBaseUrl: input.graphBaseUrl } : {}),
      });
      return { ok: true, adapter: { ...adapter, send: (message) => adapter.send(inRegisteredLanguage(message, registered)) } };
    }
    case 'console': {
      if (!input.consoleSink) {
        return { ok: false, error: { code: 'invalid_payload', field: 'consoleSink', message: 'a console channel needs a consoleSink to record sent messages' } };
      }
      return { ok: true, adapter: createConsoleAdapter({ sink: input.consoleSink }) };
    }
    case 'baileys': {
      const settings = baileysSettingsSchema.safeParse(input.settings);
      if (!settings.success) return { ok: false, error: describePayloadError('Baileys channel settings', settings.error, ['settings']) };
      if (!input.baileys) {
        return { ok: false, error: { code: 'invalid_payload', field: 'baileys', message: 'a Baileys channel needs the running Baileys channels (startBaileysChannels) to send through' } };
      }
      return { ok: true, adapter: createBaileysAdapter(input.baileys) };
    }
  }
}

/** A template send in the language code of the registered template it matches (Meta refuses any other code); else as it is. */
function inRegisteredLanguage(message: OutboundMessage, registered: RegisteredTemplate[]): OutboundMessage {
  const language = message.template ? pickRegisteredTemplate(registered, message.template)?.language : undefined;
  return message.template && language ? { ...message, template: { ...message.template, language } } : message;
}
