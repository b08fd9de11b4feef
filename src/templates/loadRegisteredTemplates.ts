import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** An approved template as a channel's adapter sends it: its exact language code and, on Twilio, its Content SID. */
export interface RegisteredTemplate {
  name: string;
  language: string;
  contentSid: string | null;
}

/**
 * A channel's approved, not removed templates, for its adapter. Read by the channel registry in
 * its system scope when it (re)builds the adapter (a template change touches the channel row).
 */
export async function loadRegisteredTemplates(systemEm: EntityManager, channelId: string): Promise<RegisteredTemplate[]> {
  return scopedSql<RegisteredTemplate>(
    systemEm,
    `select name, language, content_sid as "contentSid" from channel_templates
      where channel_id = :channelId and removed_at is null and status = 'approved'
      order by name, language`,
    { channelId },
  );
}

