import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../src/db/tenancy/scopedSql';

/** A template to register: by name and language, with its variables' names (default none). */
export interface TemplateToRegister {
  name: string;
  language: string;
  variables?: string[];
}

/** The onboarding example flow's templates (one variable each) in its languages, en and es. */
export const onboardingTemplates: TemplateToRegister[] = ['onboarding_welcome', 'onboarding_reflection', 'onboarding_reminder'].flatMap((name) =>
  ['en', 'es'].map((language) => ({ name, language, variables: ['1'] })),
);

/** Registers approved templates on a channel of the scope's organization, as a sync would. */
export async function registerTemplates(em: EntityManager, channelId: string, templates: TemplateToRegister[]): Promise<void> {
  await scopedSql(
    em,
    `insert into channel_templates (organization_id, channel_id, name, language, status, variables, source)
     select :organization_id, :channelId::uuid, t.name, t.language, 'approved', coalesce(t.variables, '[]'::jsonb), 'sync'
       from jsonb_to_recordset(:templates::jsonb) as t(name text, language text, variables jsonb)`,
    { channelId, templates: JSON.stringify(templates) },
  );
}
