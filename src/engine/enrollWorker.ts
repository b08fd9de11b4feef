import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { lockActiveConversation } from './lockActiveConversation';
import { startNextConversation } from './startNextConversation';

/**
 * Enrolls a worker in a program (once) and, when they have no active conversation, starts the
 * program's first journey. Returns whether a new assignment was made.
 * @param inboundChannelId the channel of the worker's message this enrollment answers (a join
 *   code): the journey starts there; undefined, on the program's channel (pickConversationChannel).
 */
export async function enrollWorker(em: EntityManager, workerId: string, programId: string, inboundChannelId: string | undefined, at: number): Promise<boolean> {
  const inserted = await scopedSql(
    em,
    `insert into worker_assignments (organization_id, program_id, worker_id, enrollment_date, status)
     values (:organization_id, :program, :worker, :at, 'active')
     on conflict (program_id, worker_id) do nothing
     returning id`,
    { program: programId, worker: workerId, at: new Date(at) },
  );
  if (inserted.length === 0) return false;
  await insertDomainEvents(em, [{ type: 'worker.enrolled', workerId, occurredAt: at, data: { programId } }]);
  if (!(await lockActiveConversation(em, workerId))) await startNextConversation(em, workerId, at, inboundChannelId);
  return true;
}
