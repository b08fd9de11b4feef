import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

export const Content = defineEntity({
  name: 'Content',
  tableName: 'content',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    /** Library key, unique per organization with `version`: `<blueprint>/<touchpoint>`, or a flow's `content:` key. */
    key: p.string().length(200),
    /** Version of the item under `key`, from 1: a new one when a flow stores different content under the key. */
    version: p.integer(),
    /** The version a library reference or a broadcast by key gets: the one last stored or reused by an import. */
    latest: p.boolean().default(true),
    /** Languages of its text (for the library's language filter). */
    languages: p.array().default([]),
    type: p.string().length(50).index('idx_content_type'),
    title: p.string().length(255).nullable(),
    description: p.text().nullable(),
    mediaUrl: p.text().nullable(),
    /** own: written by the organization; licensed: installed under a marketplace licence. */
    licenseType: p.string().length(50).nullable(),
    /** Structured content: localized texts, options, correct answers, media. */
    body: p.json<Record<string, unknown>>().default('{}'),
    ...timestamps(),
  },
});
export type IContent = InferEntity<typeof Content>;
