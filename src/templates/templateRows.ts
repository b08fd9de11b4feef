import type { EntityManager } from '@mikro-orm/postgresql';
import type { TemplateSource } from '../db/entities/ChannelTemplate';
import { scopedSql } from '../db/tenancy/scopedSql';

/** A template as the API and the console show it. */
export interface TemplateView {
  id: string;
  channelId: string;
  name: string;
  language: string;
  category: string | null;
  status: string;
  body: string | null;
  variables: string[];
  contentSid: string | null;
  source: TemplateSource;
  removedAt: string | null;
  updatedAt: string;
}

interface TemplateRow {
  id: string;
  channel_id: string;
  name: string;
  language: string;
  category: string | null;
  status: string;
  body: string | null;
  variables: string[];
  content_sid: string | null;
  source: TemplateSource;
  removed_at: Date | null;
  updated_at: Date;
}

const select = `select id, channel_id, name, language, category, status, body, variables, content_sid, source, removed_at, updated_at
  from channel_templates where organization_id = :organization_id and channel_id = :channelId`;

const toView = (row: TemplateRow): TemplateView => ({
  id: row.id,
  channelId: row.channel_id,
  name: row.name,
  language: row.language,
  category: row.category,
  status: row.status,
  body: row.body,
  variables: row.variables,
  contentSid: row.content_sid,
  source: row.source,
  removedAt: row.removed_at ? new Date(row.removed_at).toISOString() : null,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** A channel's templates by name and language; removed ones (no longer at the provider) only when asked for. */
export async function listChannelTemplates(em: EntityManager, channelId: string, options: { includeRemoved?: boolean } = {}): Promise<TemplateView[]> {
  const rows = await scopedSql<TemplateRow>(em, `${select} ${options.includeRemoved ? '' : 'and removed_at is null'} order by name, language`, { channelId });
  return rows.map(toView);
}

/** One template of a channel, or undefined. */
export async function readChannelTemplate(em: EntityManager, channelId: string, templateId: string): Promise<TemplateView | undefined> {
  const [row] = await scopedSql<TemplateRow>(em, `${select} and id = :templateId`, { channelId, templateId });
  return row ? toView(row) : undefined;
}
