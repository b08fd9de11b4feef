import type { OnboardableKind } from '../../channelAdmin/validateChannelConfig';
import type { FormFieldSpec } from '../layout/FormField';

/** One input of the create form; its name is the path the API's validation names (`settings.accountSid`). */
export interface ChannelFormField extends FormFieldSpec {
  name: `settings.${string}` | `secrets.${string}`;
}

/** What the create form asks per kind: the kind's settings and secrets (`channelConfigSchemas.ts`). */
export const channelFormFields: Record<OnboardableKind, ChannelFormField[]> = {
  twilio: [
    { name: 'settings.accountSid', label: 'Account SID', type: 'text', required: true, hint: "AC followed by 32 characters, on the Twilio console's home page" },
    { name: 'settings.from', label: 'WhatsApp sender number', type: 'text', required: false, hint: 'E.164, e.g. +15550001111 (or give a Messaging Service SID)' },
    { name: 'settings.messagingServiceSid', label: 'Messaging Service SID (optional)', type: 'text', required: false, hint: 'MG followed by 32 characters' },
    { name: 'secrets.authToken', label: 'Auth Token', type: 'secret', required: true, hint: "It signs Twilio's webhooks" },
    { name: 'secrets.apiKeySid', label: 'API key SID (optional)', type: 'text', required: false, hint: 'SK followed by 32 characters, to send with an API key' },
    { name: 'secrets.apiKeySecret', label: 'API key secret (optional)', type: 'secret', required: false },
    { name: 'settings.sendRatePerSecond', label: 'Messages per second at most (optional)', type: 'number', required: false, hint: "Default 1: Twilio's rate for a WhatsApp sender; raise it once Twilio has" },
  ],
  cloud_api: [
    { name: 'settings.phoneNumberId', label: 'Phone number ID', type: 'text', required: true, hint: 'WhatsApp Manager > API Setup (digits)' },
    { name: 'settings.wabaId', label: 'WhatsApp Business Account ID', type: 'text', required: true, hint: 'Digits; needed for templates' },
    { name: 'settings.appId', label: 'Meta app ID', type: 'text', required: true, hint: 'The app whose webhook delivers this number (digits)' },
    { name: 'settings.displayPhoneNumber', label: 'Display phone number (optional)', type: 'text', required: false, hint: 'E.164, for display' },
    { name: 'secrets.accessToken', label: 'Access token', type: 'secret', required: true, hint: 'A system-user token with whatsapp_business_messaging' },
    { name: 'secrets.appSecret', label: 'App secret', type: 'secret', required: true, hint: "It verifies Meta's webhook signatures" },
    { name: 'settings.sendRatePerSecond', label: 'Messages per second at most (optional)', type: 'number', required: false, hint: "Default 80: the Cloud API's rate for a number" },
  ],
  baileys: [
    { name: 'settings.phoneNumber', label: 'Phone number to link (optional)', type: 'text', required: false, hint: 'E.164; for display and pairing by code' },
    { name: 'settings.dailyCap', label: 'Messages per day at most', type: 'number', required: false, hint: 'Default 250: a personal number that sends like a bulk sender is banned' },
  ],
};

/** Names of the kinds an admin can connect, for headings and links. */
export const kindLabels: Record<OnboardableKind, string> = {
  twilio: 'Twilio',
  cloud_api: 'WhatsApp Cloud API',
  baileys: 'Linked phone (Baileys)',
};

/** A kind's label, the console channel's too. */
export function kindLabel(kind: string): string {
  if (kind === 'twilio' || kind === 'cloud_api' || kind === 'baileys') return kindLabels[kind];
  return kind === 'console' ? 'Console (simulator)' : kind;
}
