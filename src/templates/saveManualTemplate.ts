import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeLanguageCode } from '../channels/matchTemplateLanguage';
import { scopedSql } from '../db/tenancy/scopedSql';
import { formatPlaceholders } from './formatPlaceholders';
import { listBodyPlaceholders } from './listBodyPlaceholders';
import type { ManualTemplateData } from './manualTemplateInput';
import { markTemplatesChanged } from './markTemplatesChanged';

export type SaveTemplateResult = { ok: true; id: string } | { ok: false; code: 'template_exists' | 'variables_mismatch'; message: string; field: string };

/**
 * Registers a Twilio template by hand (approved, with its Content SID). Its variables are the
 * given names, else the body's placeholders; given both, they must agree. A name the channel
 * already has in the same language, however spelt (`en-US`, `en_us`), is refused: sends could
 * not tell the two apart. The channel row is locked first, so concurrent registrations of one
 * name are checked one after the other.
 */
export async function saveManualTemplate(em: EntityManager, channelId: string, input: ManualTemplateData, at: Date): Promise<SaveTemplateResult> {
  const fromBody = input.body ? listBodyPlaceholders(input.body) : undefined;
  const variables = input.variables ?? fromBody ?? [];
  if (fromBody && input.variables && fromBody.join(',') !== input.variables.join(',')) {
    return { ok: false, code: 'variables_mismatch', field: 'variables', message: `The body's placeholders are ${formatPlaceholders(fromBody) || 'none'}: give the same variables, or leave variables out` };
  }
  const taken = { ok: false, code: 'template_exists', field: 'name', message: `The channel already has a template '${input.name}' in ${input.language}: delete it first to replace it` } as const;
  return em.transactional(async (tx) => {
    await scopedSql(tx, `select 1 from channels where organization_id = :organization_id and id = :channelId for update`, { channelId });
    const sameName = await scopedSql<{ language: string }>(tx, `select language from channel_templates where organization_id = :organization_id and channel_id = :channelId and name = :name`, { channelId, name: input.name });
    if (sameName.some((row) => normalizeLanguageCode(row.language) === normalizeLanguageCode(input.language))) return taken;
    const [row] = await scopedSql<{ id: string }>(
      tx,
      `insert into channel_templates (organization_id, channel_id, name, language, category, status, body, variables, content_sid, source, created_at, updated_at)
       values (:organization_id, :channelId::uuid, :name, :language, :category, 'approved', :body, :variables::jsonb, :contentSid, 'manual', :at, :at) returning id`,
      { channelId, name: input.name, language: input.language, category: input.category ?? null, body: input.body ?? null, variables: JSON.stringify(variables), contentSid: input.contentSid, at },
    );
    await markTemplatesChanged(tx, channelId, at);
    return { ok: true as const, id: row.id };
  });
}
