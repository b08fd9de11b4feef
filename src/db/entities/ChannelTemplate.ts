import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Channel } from './Channel';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

/** Where a template row came from: the Cloud API sync, or typed in by hand (Twilio Content SIDs). */
export type TemplateSource = 'sync' | 'manual';

/**
 * An approved WhatsApp message template of one channel (src/templates): synced from the Cloud API
 * or entered by hand with its Twilio Content SID. Unique per (channel, name, language).
 */
export const ChannelTemplate = defineEntity({
  name: 'ChannelTemplate',
  tableName: 'channel_templates',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    channel: p.manyToOne(Channel).mapToPk().deleteRule('cascade'),
    name: p.string().length(512),
    /** The provider's language code as given (`en`, `en_US`). */
    language: p.string().length(20),
    /** MARKETING, UTILITY, AUTHENTICATION (Meta's), or null when unknown. */
    category: p.string().length(40).nullable(),
    /** Lower case: approved, pending, rejected, paused, disabled, … Only approved templates are used. */
    status: p.string().length(40),
    /** The body text with its {{1}}…{{n}} or {{named}} placeholders, when known. */
    body: p.text().nullable(),
    /** The variables' names in order (`["1", "2"]`, or named ones). */
    variables: p.json<string[]>().default('[]'),
    /** Twilio: the Content SID (`HX…`) sent for this template. */
    contentSid: p.string().length(34).nullable(),
    /** Cloud API: Meta's template id. */
    providerTemplateId: p.string().length(64).nullable(),
    source: p.string().length(10).$type<TemplateSource>(),
    /** Set when a sync no longer found it at the provider; cleared if it comes back. */
    removedAt: p.datetime().nullable(),
    ...timestamps(),
  },
  uniques: [{ name: 'channel_templates_channel_name_language_unique', properties: ['channel', 'name', 'language'] }],
  checks: [{ name: 'channel_templates_source_check', expression: `source in ('sync', 'manual')` }],
});
export type IChannelTemplate = InferEntity<typeof ChannelTemplate>;
