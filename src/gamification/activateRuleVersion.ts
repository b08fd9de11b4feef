import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { scopeOf } from '../db/tenancy/scopes';
import { forgetActiveRules } from './loadActiveRules';

/** Switches the organization to a stored rules version (the next steps follow it). Returns false when there is no such version. */
export async function activateRuleVersion(em: EntityManager, version: number, at: number): Promise<boolean> {
  const [row] = await scopedSql<{ found: number }>(
    em,
    `with target as (select version from gamification_rule_versions where organization_id = :organization_id and version = :version),
     off as (update gamification_rule_versions set active = false where organization_id = :organization_id and active and version <> :version and exists (select 1 from target))
     select count(*)::int as found from target`,
    { version },
  );
  if (!row || row.found === 0) return false;
  await scopedSql(
    em,
    'update gamification_rule_versions set active = true, activated_at = :at where organization_id = :organization_id and version = :version and not active',
    { version, at: new Date(at) },
  );
  const scope = scopeOf(em);
  if (scope && 'organizationId' in scope) forgetActiveRules(scope.organizationId);
  return true;
}
