import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Serializes the writers of a program's facts and rollups (a rebuild, a combination rolled up on
 * request) until the transaction ends: two at once would count rows twice.
 */
export async function lockProgramAnalytics(tx: EntityManager, programId: string): Promise<void> {
  await scopedSql(tx, `select pg_advisory_xact_lock(hashtextextended('analytics:' || :organization_id || ':' || :program, 0))`, { program: programId });
}
