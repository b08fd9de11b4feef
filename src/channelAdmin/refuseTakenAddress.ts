import type { OnboardableKind } from './validateChannelConfig';

/** The refusal of an address already connected to a channel. */
export interface TakenAddressRefusal {
  ok: false;
  code: 'channel_exists';
  field: string;
  message: string;
}

const fields: Record<OnboardableKind, { field: string; what: string }> = {
  twilio: { field: 'settings', what: 'this number (or Messaging Service)' },
  cloud_api: { field: 'settings.phoneNumberId', what: 'this phone number id' },
  baileys: { field: 'settings.phoneNumber', what: 'this number' },
};

/**
 * The same words whoever holds the address, the caller's organization or another one: the refusal
 * tells nothing about the other channel (its organization, name or id).
 */
export function refuseTakenAddress(kind: OnboardableKind): TakenAddressRefusal {
  const { field, what } = fields[kind];
  return { ok: false, code: 'channel_exists', field, message: `${field}: ${what} is already connected to a channel` };
}
