import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { enforceLicences, LicenceLimitError } from '../marketplace/enforceLicences';
import { lockActiveConversation } from './lockActiveConversation';
import { startNextConversation } from './startNextConversation';

/**
 * Enrolls a worker in a program (once) and, when they have no active conversation, starts the
 * program's first journey. Returns whether a new assignment was made: not when already enrolled,
 * nor when a marketplace licence of the program refuses another worker (expired, no seat left).
 * @param inboundChannelId the channel of the worker's message this enrollment answers (a join
 *   code): the journey starts there; undefined, on the program's channel (pickConversationChannel).
 */
export async function enrollWorker(em: EntityManager, workerId: string, programId: string, inboundChannelId: string | undefined, at: number): Promise<boolean> {
  let enrolled: boolean;
  try {
    // A savepoint: a licence refusal undoes the assignment only, not the caller's transaction.
    enrolled = await em.transactional(async (tx) => {
      const inserted = await scopedSql(
        tx,
        `insert into worker_assignments (organization_id, program_id, worker_id, enrollment_date, status)
         values (:organization_id, :program, :worker, :at, 'active')
         on conflict (program_id, worker_id) do nothing
         returning id`,
        { program: programId, worker: workerId, at: new Date(at) },
      );
      await enforceLicences(tx, programId, inserted.length, at);
      return inserted.length > 0;
    });
  } catch (error) {
    if (error instanceof LicenceLimitError) return false;
    throw error;
  }
  if (!enrolled) return false;
  await insertDomainEvents(em, [{ type: 'worker.enrolled', workerId, occurredAt: at, data: { programId } }]);
  if (!(await lockActiveConversation(em, workerId))) await startNextConversation(em, workerId, at, inboundChannelId);
  return true;
}
