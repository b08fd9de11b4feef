import type { EntityManager } from '@mikro-orm/postgresql';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';
import { workerRowSchema, type WorkerRow } from './engineRows';

/**
 * The organization's worker with this E.164 number (unique index on organization_id, phone_number),
 * locked until the transaction ends: one worker's messages are handled one at a time. Its
 * `language` is the worker's own, else the organization's default (the system texts' choice).
 */
export async function findWorkerByPhone(em: EntityManager, phoneNumber: string): Promise<WorkerRow | undefined> {
  const rows = await scopedSql(
    em,
    `select w.id, w.organization_id, w.full_name, w.phone_number, coalesce(w.language, o.settings->>'defaultLanguage') as language, w.status, w.bot_paused
       from workers w join organizations o on o.id = w.organization_id
      where w.organization_id = :organization_id and w.phone_number = :phone
        for no key update of w`,
    { phone: phoneNumber },
  );
  return parseRows(workerRowSchema, rows, 'worker')[0];
}
