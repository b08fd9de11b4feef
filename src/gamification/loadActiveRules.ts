import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { scopeOf } from '../db/tenancy/scopes';
import { warnOncePerStoredVersion } from '../logging/warnOncePerStoredVersion';
import { clampStoredRules } from './clampStoredRules';
import { defaultRules, gamificationRulesSchema, type GamificationRules } from './rulesSchema';

/** The rules a step follows: the organization's active version, or the defaults (version null). */
export interface ActiveRules {
  version: number | null;
  rules: GamificationRules;
}

/** How long another instance may keep following an organization's previous rules after a switch. */
const MAX_AGE_MS = 60_000;

// Per organization, per process, so a step costs no query. Switching versions forgets the entry on
// the instance that switched; others reload within MAX_AGE_MS. The generation keeps a load that
// raced with a switch from caching what it read before it.
const cache = new Map<string, { active: ActiveRules; loadedAt: number }>();
const generations = new Map<string, number>();

function organizationOf(em: EntityManager): string {
  const scope = scopeOf(em);
  if (!scope || !('organizationId' in scope)) throw new Error('Gamification rules belong to one organization: use forOrganization()');
  return scope.organizationId;
}

/** The organization's active rules when this process holds them fresh, without a query (the hot path). */
export function cachedActiveRules(organizationId: string): ActiveRules | undefined {
  const cached = cache.get(organizationId);
  return cached && Date.now() - cached.loadedAt < MAX_AGE_MS ? cached.active : undefined;
}

/** A stored version as the steps follow it: within what the ledger can hold, said once when it was not. */
function storedRules(organizationId: string, version: number, stored: unknown): GamificationRules {
  const { rules, clamped } = clampStoredRules(gamificationRulesSchema.parse(stored));
  if (clamped.length > 0) {
    warnOncePerStoredVersion(`rules:${organizationId}:${version}`, { organizationId, rulesVersion: version, clamped }, 'a stored gamification rules version holds values the ledger cannot hold: they are clamped to the maximum');
  }
  return rules;
}

/** The em's organization's active rules, cached. */
export async function loadActiveRules(em: EntityManager): Promise<ActiveRules> {
  const organizationId = organizationOf(em);
  const cached = cachedActiveRules(organizationId);
  if (cached) return cached;
  const generation = generations.get(organizationId) ?? 0;
  const [row] = await scopedSql<{ version: number; rules: unknown }>(
    em,
    'select version, rules from gamification_rule_versions where organization_id = :organization_id and active',
  );
  const active: ActiveRules = row ? { version: row.version, rules: storedRules(organizationId, row.version, row.rules) } : { version: null, rules: defaultRules };
  if ((generations.get(organizationId) ?? 0) === generation) cache.set(organizationId, { active, loadedAt: Date.now() });
  return active;
}

/** Drops an organization's cached rules after a switch, so its next step follows the new ones. */
export function forgetActiveRules(organizationId: string): void {
  cache.delete(organizationId);
  generations.set(organizationId, (generations.get(organizationId) ?? 0) + 1);
}
