import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { User } from './User';

export const blueprintStatuses = ['draft', 'published', 'archived'] as const;
export type BlueprintStatus = (typeof blueprintStatuses)[number];

/** One row per (organization, key, version); a published version never changes. */
export const JourneyBlueprint = defineEntity({
  name: 'JourneyBlueprint',
  tableName: 'journey_blueprints',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    title: p.string().length(255),
    purpose: p.text().nullable(),
    createdBy: p.manyToOne(User).mapToPk().fieldName('created_by').nullable().deleteRule('set null'),
    updatedBy: p.manyToOne(User).mapToPk().fieldName('updated_by').nullable().deleteRule('set null'),
    /** Stable key from the flow file, e.g. "onboarding". */
    key: p.string().length(100),
    version: p.integer(),
    status: p.string().length(20).$type<BlueprintStatus>().default('draft'),
    defaultLanguage: p.string().length(20).default('en'),
    /** The normalized flow document this version was imported from. */
    definition: p.json<Record<string, unknown>>(),
    /** SHA-256 of the normalized definition: an unchanged re-import is a no-op. */
    contentHash: p.string().length(64),
    ...timestamps(),
  },
  uniques: [{ name: 'journey_blueprints_org_key_version_unique', properties: ['organization', 'key', 'version'] }],
  checks: [{ name: 'journey_blueprints_status_check', expression: `status in ('draft', 'published', 'archived')` }],
});
export type IJourneyBlueprint = InferEntity<typeof JourneyBlueprint>;
