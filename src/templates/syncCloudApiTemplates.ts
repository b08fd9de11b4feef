import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelRow } from '../channelAdmin/readChannelRows';
import type { SecretBox } from '../secrets/secretBox';
import { scopedSql } from '../db/tenancy/scopedSql';
import { fetchCloudApiTemplates, type FetchTemplatesResult } from './fetchCloudApiTemplates';
import { markTemplatesChanged } from './markTemplatesChanged';

/** Options of a sync: how to open the channel's secrets and where Graph is. */
export interface SyncTemplatesOptions {
  secretBox: SecretBox;
  /** Graph API base including the version (a local fake in tests). */
  graphBaseUrl?: string;
  /** Business time of the sync. */
  at: Date;
}

export type SyncTemplatesResult =
  | { ok: true; synced: number; removed: number; pages: number }
  | { ok: false; code: 'waba_id_missing' | Extract<FetchTemplatesResult, { ok: false }>['code']; message: string; field?: string };

/**
 * Syncs a Cloud API channel's templates from its WhatsApp Business Account: every template Meta
 * lists is upserted by (name, language); those it no longer lists are marked removed (kept, so
 * the history of what was sent still reads). Call with a `cloud_api` channel.
 */
export async function syncCloudApiTemplates(em: EntityManager, channel: ChannelRow, options: SyncTemplatesOptions): Promise<SyncTemplatesResult> {
  const wabaId = typeof channel.settings.wabaId === 'string' ? channel.settings.wabaId : undefined;
  if (!wabaId) {
    return { ok: false, code: 'waba_id_missing', field: 'settings.wabaId', message: 'The channel has no WhatsApp Business Account id: set settings.wabaId (PATCH /v1/channels/{id}) to sync its templates' };
  }
  const secrets = channel.secrets_ciphertext ? options.secretBox.open(channel.secrets_ciphertext, channel.id) : {};
  const fetched = await fetchCloudApiTemplates({ wabaId, accessToken: String(secrets.accessToken ?? ''), graphBaseUrl: options.graphBaseUrl });
  if (!fetched.ok) return fetched;

  return em.transactional(async (tx) => {
    const rows = JSON.stringify(fetched.templates);
    await scopedSql(
      tx,
      `insert into channel_templates (organization_id, channel_id, name, language, category, status, body, variables, provider_template_id, source, created_at, updated_at)
       select :organization_id, :channelId::uuid, t."name", t."language", t."category", t."status", t."body", coalesce(t."variables", '[]'::jsonb), t."providerTemplateId", 'sync', :at, :at
         from jsonb_to_recordset(:rows::jsonb) as t("name" text, "language" text, "category" text, "status" text, "body" text, "variables" jsonb, "providerTemplateId" text)
       on conflict (channel_id, name, language) do update
         set category = excluded.category, status = excluded.status, body = excluded.body, variables = excluded.variables,
             provider_template_id = excluded.provider_template_id, source = 'sync', removed_at = null, updated_at = excluded.updated_at`,
      { channelId: channel.id, rows, at: options.at },
    );
    const removed = await scopedSql(
      tx,
      `update channel_templates set removed_at = :at, updated_at = :at
        where organization_id = :organization_id and channel_id = :channelId and removed_at is null
          and (name, language) not in (select t."name", t."language" from jsonb_to_recordset(:rows::jsonb) as t("name" text, "language" text))
        returning id`,
      { channelId: channel.id, rows, at: options.at },
    );
    await markTemplatesChanged(tx, channel.id, options.at);
    return { ok: true as const, synced: fetched.templates.length, removed: removed.length, pages: fetched.pages };
  });
}
