import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** The keys of every experiment of the organization, whatever its status (for flow import warnings). */
export async function listExperimentKeys(em: EntityManager): Promise<Set<string>> {
  return new Set((await scopedSql<{ key: string }>(em, `select key from experiments where organization_id = :organization_id`)).map((row) => row.key));
}
