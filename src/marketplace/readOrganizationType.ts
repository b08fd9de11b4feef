import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** The scope's organization type: only experts publish, only clients take licences. */
export async function readOrganizationType(em: EntityManager): Promise<'client' | 'expert'> {
  const [row] = await scopedSql<{ type: 'client' | 'expert' }>(em, 'select type from organizations where id = :organization_id');
  return row.type;
}
