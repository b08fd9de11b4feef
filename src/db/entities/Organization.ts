import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';

export const organizationTypes = ['client', 'expert'] as const;
export const subscriptionTiers = ['basic', 'standard', 'premium'] as const;

/** Per-organization settings; every field optional so old rows stay valid as settings grow. */
export interface OrganizationSettings {
  /** IANA timezone, e.g. "Africa/Nairobi": the default for workers without one. */
  timezone?: string;
  /** BCP 47 language code, e.g. "en". */
  defaultLanguage?: string;
  /** Local hours during which no proactive message is sent, e.g. { start: "21:00", end: "07:00" }. */
  quietHours?: { start: string; end: string };
  /** Keyword an unknown sender types to join, e.g. "JOIN ACME". */
  joinCode?: string;
  /** Whether unknown senders who type the join code are enrolled. */
  selfEnrollment?: boolean;
  /** The program self-enrolled workers join. */
  selfEnrollmentProgramId?: string;
  /** Channel used for outbound messages when none is specified. */
  defaultChannelId?: string;
  /** Days the message history is kept; older messages are exported to DATA_DIR/archive and deleted. Unset: kept forever. */
  historyRetentionDays?: number;
}

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: uuidPrimaryKey(),
    name: p.string().length(255).index('idx_org_name'),
    type: p.string().length(50).$type<(typeof organizationTypes)[number]>(),
    subscriptionTier: p.string().length(50).$type<(typeof subscriptionTiers)[number]>(),
    settings: p.json<OrganizationSettings>().default('{}'),
    ...timestamps(),
  },
  checks: [
    { name: 'organizations_type_check', expression: `type in ('client', 'expert')` },
    { name: 'organizations_subscription_tier_check', expression: `subscription_tier in ('basic', 'standard', 'premium')` },
  ],
});
export type IOrganization = InferEntity<typeof Organization>;
