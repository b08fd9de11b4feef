import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelKind } from '../channels/channelTypes';
import type { RegisteredTemplate } from '../channels/pickRegisteredTemplate';
import { scopedSql } from '../db/tenancy/scopedSql';
import { templateSourceOf } from './templateSources';

/**
 * A channel's approved, not removed templates, for its adapter (none for kinds without templates).
 * Given to the channel registry, which reads them in its system scope when it (re)builds the
 * adapter (a template change touches the channel row).
 */
export async function loadRegisteredTemplates(systemEm: EntityManager, channel: { id: string; kind: ChannelKind }): Promise<RegisteredTemplate[]> {
  if (!templateSourceOf(channel.kind)) return [];
  return scopedSql<RegisteredTemplate>(
    systemEm,
    `select name, language, content_sid as "contentSid" from channel_templates
      where channel_id = :channelId and removed_at is null and status = 'approved'
      order by name, language`,
    { channelId: channel.id },
  );
}

