import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';
import { conversationRowSchema } from './engineRows';

const lockedConversationSchema = conversationRowSchema.extend({ program_status: z.string() });

/**
 * Locks the worker's active conversation row until the transaction ends, so one worker's messages
 * and timers are handled one at a time, each from the snapshot the previous one saved.
 */
export async function lockActiveConversation(em: EntityManager, workerId: string): Promise<z.infer<typeof lockedConversationSchema> | undefined> {
  const rows = await scopedSql(
    em,
    `select c.id, c.organization_id, c.worker_id, c.worker_assignment_id, c.journey_blueprint_id, c.snapshot, c.snapshot_format, c.version,
            p.status as program_status
       from conversations c
       join worker_assignments wa on wa.id = c.worker_assignment_id
       join programs p on p.id = wa.program_id
      where c.organization_id = :organization_id and c.worker_id = :worker and c.status = 'active'
        for no key update of c`,
    { worker: workerId },
  );
  return parseRows(lockedConversationSchema, rows, 'conversation')[0];
}
