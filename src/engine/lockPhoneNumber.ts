import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Serializes the handling of messages from a number that is not (yet) a worker, until the
 * transaction ends: two join-code messages from one new number cannot both create the worker, the
 * second waits and then finds the worker the first created. A worker's own row lock does this for
 * known numbers (findWorkerByPhone); this covers the moment before the row exists.
 */
export async function lockPhoneNumber(em: EntityManager, phoneNumber: string): Promise<void> {
  await scopedSql(em, `select pg_advisory_xact_lock(hashtextextended('phone/' || :organization_id::text || '/' || :phone::text, 0))`, { phone: phoneNumber });
}
