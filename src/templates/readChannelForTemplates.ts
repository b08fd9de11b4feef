import type { EntityManager } from '@mikro-orm/postgresql';
import { readChannelRow } from '../channelAdmin/readChannelRows';
import type { ChannelKindColumn } from '../db/entities/Channel';
import { listChannelTemplates, type TemplateView } from './templateRows';
import { templateSourceOf } from './templateSources';

/** A channel with its usable templates; `templates` is undefined for kinds that need none (console, Baileys). */
export interface ChannelTemplates {
  id: string;
  name: string;
  kind: ChannelKindColumn;
  templates: TemplateView[] | undefined;
}

/** Reads a channel of the organization (not deleted) and, when its kind uses templates, its templates (removed ones left out). */
export async function readChannelForTemplates(em: EntityManager, channelId: string): Promise<ChannelTemplates | undefined> {
  const channel = await readChannelRow(em, channelId);
  if (!channel) return undefined;
  const templates = templateSourceOf(channel.kind) ? await listChannelTemplates(em, channel.id) : undefined;
  return { id: channel.id, name: channel.name, kind: channel.kind, templates };
}
