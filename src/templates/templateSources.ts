import type { ChannelKindColumn } from '../db/entities/Channel';
import type { TemplateSource } from '../db/entities/ChannelTemplate';

/**
 * How a channel kind gets its templates: synced from the Cloud API, entered by hand for Twilio
 * (Content SIDs). Console and Baileys channels have no 24-hour window and need none.
 */
export function templateSourceOf(kind: ChannelKindColumn): TemplateSource | undefined {
  if (kind === 'cloud_api') return 'sync';
  if (kind === 'twilio') return 'manual';
  return undefined;
}

/** Why a channel kind has no templates, for refusals. */
export function noTemplatesReason(kind: ChannelKindColumn): string {
  return `A ${kind === 'baileys' ? 'Baileys' : kind} channel has no 24-hour window and needs no templates`;
}
