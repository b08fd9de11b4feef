import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { GamificationRules } from './rulesSchema';

/** Stores validated rules as the organization's next version (not active yet). Returns its number. */
export async function storeRuleVersion(em: EntityManager, rules: GamificationRules): Promise<number> {
  const [row] = await scopedSql<{ version: number }>(
    em,
    `insert into gamification_rule_versions (organization_id, version, rules)
     select :organization_id, coalesce(max(version), 0) + 1, :rules::jsonb from gamification_rule_versions where organization_id = :organization_id
     returning version`,
    { rules: JSON.stringify(rules) },
  );
  return row.version;
}
