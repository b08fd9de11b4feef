import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { FlowDocument } from '../blueprints/flowSchema';

/**
 * Creates the organization's badge rows a flow names (listed under `badges` or awarded), in one
 * statement, leaving existing ones as they are. Badges exist before any award, so an award only
 * inserts the worker's row and finishing journeys never queue on a shared badge row's lock.
 * A badge without a name (a catalog reference) gets its key as its name. The names in every
 * language (`names`) are kept; a later flow adds the languages an existing badge lacks.
 */
export async function createBlueprintBadges(em: EntityManager, document: FlowDocument): Promise<void> {
  const language = document.blueprint.defaultLanguage;
  const badges = new Map<string, { key: string; name: string; names: Record<string, string>; description: string | null }>();
  for (const badge of document.badges) {
    const name = badge.name ? (badge.name[language] ?? Object.values(badge.name)[0]) : badge.key;
    const description = badge.description ? (badge.description[language] ?? Object.values(badge.description)[0] ?? null) : null;
    badges.set(badge.key, { key: badge.key, name: name ?? badge.key, names: badge.name ?? {}, description });
  }
  for (const award of document.awards) if (!badges.has(award.badge)) badges.set(award.badge, { key: award.badge, name: award.badge, names: {}, description: null });
  if (badges.size === 0) return;
  await scopedSql(
    em,
    `insert into badges (organization_id, key, name, names, description)
     select :organization_id, b.key, left(b.name, 100), b.names, b.description
       from jsonb_to_recordset(:badges::jsonb) as b(key text, name text, names jsonb, description text)
     on conflict (organization_id, key) do update set names = excluded.names || badges.names
      where excluded.names - array(select jsonb_object_keys(badges.names)) <> '{}'::jsonb`,
    { badges: JSON.stringify([...badges.values()]) },
  );
}
