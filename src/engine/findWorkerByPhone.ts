import type { EntityManager } from '@mikro-orm/postgresql';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';
import { workerRowSchema, type WorkerRow } from './engineRows';

/**
 * The organization's worker with this E.164 number (unique index on organization_id, phone_number),
 * locked until the transaction ends: one worker's messages are handled one at a time.
 */
export async function findWorkerByPhone(em: EntityManager, phoneNumber: string): Promise<WorkerRow | undefined> {
  const rows = await scopedSql(
    em,
    `select id, organization_id, full_name, phone_number, language, status, bot_paused
       from workers where organization_id = :organization_id and phone_number = :phone
        for no key update`,
    { phone: phoneNumber },
  );
  return parseRows(workerRowSchema, rows, 'worker')[0];
}
