import type { ChannelKindColumn } from '../db/entities/Channel';
import type { TemplateSource } from '../db/entities/ChannelTemplate';
import { noTemplatesReason, templateSourceOf } from './templateSources';

/**
 * Why a channel's templates cannot be had this way (sync: Cloud API only; by hand: Twilio only),
 * in words for the API and the console; undefined when the kind takes templates this way.
 */
export function refuseTemplateSource(kind: ChannelKindColumn, wanted: TemplateSource): string | undefined {
  const source = templateSourceOf(kind);
  if (source === wanted) return undefined;
  if (!source) return noTemplatesReason(kind);
  return source === 'manual'
    ? 'Twilio templates are not synced: register each with its Content SID (POST /v1/channels/{id}/templates, or "Add a Twilio template" in the console)'
    : 'Cloud API templates come from Meta: sync them (POST /v1/channels/{id}/templates/sync, or "Sync from Meta" in the console)';
}
