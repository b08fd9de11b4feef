import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelKindColumn } from '../db/entities/Channel';
import { scopedSql } from '../db/tenancy/scopedSql';
import { listChannelTemplates, type TemplateView } from './templateRows';
import { templateSourceOf } from './templateSources';

/** A channel with its usable templates; `templates` is undefined for kinds that need none (console, Baileys). */
export interface ChannelTemplates {
  id: string;
  name: string;
  kind: ChannelKindColumn;
  templates: TemplateView[] | undefined;
}

/** Reads a channel of the organization and, when its kind uses templates, its templates (removed ones left out). */
export async function readChannelForTemplates(em: EntityManager, channelId: string): Promise<ChannelTemplates | undefined> {
  const [channel] = await scopedSql<{ id: string; name: string; kind: ChannelKindColumn }>(em, `select id, name, kind from channels where organization_id = :organization_id and id = :channelId`, { channelId });
  if (!channel) return undefined;
  const templates = templateSourceOf(channel.kind) ? await listChannelTemplates(em, channel.id) : undefined;
  return { ...channel, templates };
}
