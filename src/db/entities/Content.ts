import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

export const Content = defineEntity({
  name: 'Content',
  tableName: 'content',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    /** text, media, question, quiz, reflection, wellbeing. */
    type: p.string().length(50).index('idx_content_type'),
    title: p.string().length(255).nullable(),
    description: p.text().nullable(),
    mediaUrl: p.text().nullable(),
    licenseType: p.string().length(50).nullable(),
    /** Structured content: localized texts, options, correct answers, media. */
    body: p.json<Record<string, unknown>>().default('{}'),
    ...timestamps(),
  },
});
export type IContent = InferEntity<typeof Content>;
