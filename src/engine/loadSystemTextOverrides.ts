import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { scopeOf } from '../db/tenancy/scopes';
import type { SystemTextOverrides } from './systemTexts';

/** How long another instance may keep using an organization's overrides after they changed. */
const MAX_AGE_MS = 60_000;

interface Cached {
  overrides: SystemTextOverrides;
  loadedAt: number;
}

// Per organization, per process: a message costs no query. A write through the API forgets the
// organization's entry at once on its instance; other instances reload within MAX_AGE_MS. The
// generation keeps a load that raced with a write from caching what it read before the write.
const cache = new Map<string, Cached>();
const generations = new Map<string, number>();

/** The em's organization's own system texts (language → key → text), cached. */
export async function loadSystemTextOverrides(em: EntityManager): Promise<SystemTextOverrides> {
  const scope = scopeOf(em);
  if (!scope || !('organizationId' in scope)) throw new Error('System text overrides belong to one organization: use forOrganization()');
  const { organizationId } = scope;
  const cached = cache.get(organizationId);
  if (cached && Date.now() - cached.loadedAt < MAX_AGE_MS) return cached.overrides;
  const generation = generations.get(organizationId) ?? 0;
  const rows = await scopedSql<{ key: string; language: string; text: string }>(
    em,
    'select key, language, text from system_text_overrides where organization_id = :organization_id',
  );
  const overrides = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const texts = overrides.get(row.language) ?? new Map<string, string>();
    texts.set(row.key, row.text);
    overrides.set(row.language, texts);
  }
  if ((generations.get(organizationId) ?? 0) === generation) cache.set(organizationId, { overrides, loadedAt: Date.now() });
  return overrides;
}

/** Drops an organization's cached overrides after a write, so its next message reads the new ones. */
export function forgetSystemTextOverrides(organizationId: string): void {
  cache.delete(organizationId);
  generations.set(organizationId, (generations.get(organizationId) ?? 0) + 1);
}
