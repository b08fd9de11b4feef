import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * The Content SIDs of a Twilio channel's approved templates, keyed `name:language`, for its
 * adapter. Read by the channel registry in its system scope when it (re)builds the adapter.
 */
export async function loadTemplateContentSids(systemEm: EntityManager, channelId: string): Promise<Record<string, string>> {
  const rows = await scopedSql<{ name: string; language: string; content_sid: string }>(
    systemEm,
    `select name, language, content_sid from channel_templates
      where channel_id = :channelId and removed_at is null and status = 'approved' and content_sid is not null`,
    { channelId },
  );
  return Object.fromEntries(rows.map((row) => [`${row.name}:${row.language}`, row.content_sid]));
}
