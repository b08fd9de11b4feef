import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

/**
 * An organization's own wording of one system text (src/engine/systemTexts.ts) in one language:
 * used instead of the shipped text. Unique per (organization, key, language).
 */
export const SystemTextOverride = defineEntity({
  name: 'SystemTextOverride',
  tableName: 'system_text_overrides',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    /** A key of the system text catalog, e.g. "joined". */
    key: p.string().length(100),
    /** Lower-case BCP 47 code, e.g. "es" or "es-mx". */
    language: p.string().length(35),
    text: p.text(),
    ...timestamps(),
  },
  uniques: [{ name: 'system_text_overrides_organization_key_language_unique', properties: ['organization', 'key', 'language'] }],
});
export type ISystemTextOverride = InferEntity<typeof SystemTextOverride>;
