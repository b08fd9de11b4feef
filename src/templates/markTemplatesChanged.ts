import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Touches the channel row after its templates changed: the channel registry rebuilds an adapter
 * when the row's updated_at moves, and then reloads the channel's Content SIDs (no query per send).
 */
export async function markTemplatesChanged(em: EntityManager, channelId: string, at: Date): Promise<void> {
  await scopedSql(em, `update channels set updated_at = greatest(updated_at + interval '1 millisecond', :at) where organization_id = :organization_id and id = :channelId`, { channelId, at });
}
