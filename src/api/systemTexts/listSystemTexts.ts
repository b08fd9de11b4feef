import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { placeholdersOf, systemTextCatalog, systemTextKeys, type SystemTextKey } from '../../engine/systemTexts';

export interface SystemTextView {
  key: SystemTextKey;
  placeholders: string[];
  /** The shipped text per language. */
  defaults: Record<string, string>;
  /** The organization's own text per language, where it has one. */
  overrides: Record<string, string>;
}

/** System text keys (default: every one) with their shipped texts and the organization's overrides. */
export async function listSystemTexts(em: EntityManager, keys: readonly SystemTextKey[] = systemTextKeys): Promise<SystemTextView[]> {
  const rows = await scopedSql<{ key: string; language: string; text: string }>(
    em,
    'select key, language, text from system_text_overrides where organization_id = :organization_id order by language',
  );
  return keys.map((key) => ({
    key,
    placeholders: placeholdersOf(systemTextCatalog.en[key]),
    defaults: Object.fromEntries(Object.entries(systemTextCatalog).map(([language, texts]) => [language, texts[key]])),
    overrides: Object.fromEntries(rows.filter((row) => row.key === key).map((row) => [row.language, row.text])),
  }));
}
