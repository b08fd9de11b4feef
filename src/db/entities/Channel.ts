import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

export const channelKinds = ['twilio', 'cloud_api', 'console', 'baileys'] as const;
export type ChannelKindColumn = (typeof channelKinds)[number];

/** A WhatsApp number (or the console) an organization talks through. */
export const Channel = defineEntity({
  name: 'Channel',
  tableName: 'channels',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    kind: p.string().length(20).$type<ChannelKindColumn>(),
    name: p.string().length(255),
    /** What the channel serves: the WhatsApp number (E.164) or, for the Cloud API, the phone number id. */
    address: p.string().length(100),
    /** Non-secret settings of the kind (account SID, WABA id, Meta app id, …). */
    settings: p.json<Record<string, string | number | boolean | null>>().default('{}'),
    /** Secrets (auth token, access token, app secret) sealed with AES-256-GCM under ENCRYPTION_KEY. */
    secretsCiphertext: p.text().nullable(),
    status: p.string().length(20).default('active'),
    /** Signing secrets a rotation replaced, with when (sealed like `secretsCiphertext`, context `<id>/retired`): accepted for a grace period. */
    retiredSecretsCiphertext: p.text().nullable(),
    /** `unhealthy` after repeated credential or blocked-number send failures; cleared by a successful send or verify. */
    healthStatus: p.string().length(20).default('healthy'),
    /** Why the channel is unhealthy, in words an admin understands. */
    healthReason: p.text().nullable(),
    healthChangedAt: p.datetime().nullable(),
    /** Credential or blocked-number send failures since the last successful send. */
    healthFailures: p.integer().default(0),
    /** When the connection was last checked (POST /v1/channels/:id/verify), and whether it passed. */
    verifiedAt: p.datetime().nullable(),
    verifyOk: p.boolean().nullable(),
    /** Cloud API: when a connection check confirmed that the channel's token sees its number under its WABA; the number is then this channel's alone. */
    numberConfirmedAt: p.datetime().nullable(),
    ...timestamps(),
  },
  // Partial unique indexes (migration 20261206030000): one channel per (kind, address) except for the
  // Cloud API, whose phone number id belongs to its one confirmed channel (src/channels/README.md).
  indexes: [
    { name: 'channels_kind_address_unique', expression: `create unique index "channels_kind_address_unique" on "channels" ("kind", "address") where "kind" <> 'cloud_api'` },
    { name: 'channels_cloud_api_number_holder', expression: `create unique index "channels_cloud_api_number_holder" on "channels" ("address") where "kind" = 'cloud_api' and "status" = 'active' and "number_confirmed_at" is not null` },
    {
      name: 'channels_cloud_api_organization_number',
      expression: `create unique index "channels_cloud_api_organization_number" on "channels" ("organization_id", "address") where "kind" = 'cloud_api' and "status" = 'active'`,
    },
  ],
  checks: [
    { name: 'channels_kind_check', expression: `kind in ('twilio', 'cloud_api', 'console', 'baileys')` },
    { name: 'channels_health_status_check', expression: `health_status in ('healthy', 'unhealthy')` },
  ],
});
export type IChannel = InferEntity<typeof Channel>;
