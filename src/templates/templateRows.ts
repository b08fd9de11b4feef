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

/** The row as selected: the view's names, its times still dates. */
type TemplateRow = Omit<TemplateView, 'removedAt' | 'updatedAt'> & { removedAt: Date | null; updatedAt: Date };

const select = `select id, channel_id as "channelId", name, language, category, status, body, variables, content_sid as "contentSid", source,
    removed_at as "removedAt", updated_at as "updatedAt"
  from channel_templates where organization_id = :organization_id and channel_id = :channelId`;

const toView = (row: TemplateRow): TemplateView => ({
  ...row,
  removedAt: row.removedAt ? new Date(row.removedAt).toISOString() : null,
  updatedAt: new Date(row.updatedAt).toISOString(),
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
