import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

export const Badge = defineEntity({
  name: 'Badge',
  tableName: 'badges',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    /** Stable key that flow files reference, e.g. "safety-star". */
    key: p.string().length(100),
    /** The name in the flow's default language. */
    name: p.string().length(100),
    /** The name in every language the flow gives (language → text); pick with `badgeNameSql`. */
    names: p.json<Record<string, string>>().default('{}'),
    description: p.text().nullable(),
    iconUrl: p.text().nullable(),
    ...timestamps(),
  },
  uniques: [{ name: 'badges_organization_key_unique', properties: ['organization', 'key'] }],
});
export type IBadge = InferEntity<typeof Badge>;
