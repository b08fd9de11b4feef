import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forgetSystemTextOverrides } from '../../engine/loadSystemTextOverrides';
import type { SystemTextKey } from '../../engine/systemTexts';

/** Sets (text) or removes (null) the organization's own text of a key in a language; false when there was none to remove. */
export async function saveSystemTextOverride(em: EntityManager, organizationId: string, key: SystemTextKey, language: string, text: string | null): Promise<boolean> {
  const params = { key, language: language.toLowerCase() };
  const changed =
    text === null
      ? await scopedSql(em, 'delete from system_text_overrides where organization_id = :organization_id and key = :key and language = :language returning id', params)
      : await scopedSql(
          em,
          `insert into system_text_overrides (organization_id, key, language, text) values (:organization_id, :key, :language, :text)
           on conflict (organization_id, key, language) do update set text = excluded.text, updated_at = current_timestamp
           returning id`,
          { ...params, text },
        );
  forgetSystemTextOverrides(organizationId);
  return changed.length > 0;
}
