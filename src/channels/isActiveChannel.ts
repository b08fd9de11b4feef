import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Whether `channelId` is an active channel of the scope's organization: what a program's
 * channel or the organization's default channel may name (not another organization's, not a
 * deleted one).
 */
export async function isActiveChannel(em: EntityManager, channelId: string): Promise<boolean> {
  const rows = await scopedSql(em, `select 1 from channels where organization_id = :organization_id and id = :id and status = 'active'`, { id: channelId });
  return rows.length > 0;
}
