import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { endConversations, lockAndStopTimers } from '../engine/programLifecycle';
import { startNextConversation } from '../engine/startNextConversation';

/**
 * Unenrolls workers from a program in one transaction: their active assignments become `dropped`
 * with the reason, and the program's running conversations of theirs end without another message
 * (timers dropped, queued outbound messages withdrawn from the outbox; one a dispatcher already
 * claimed goes on). A worker with another program waiting starts it. Workers not actively enrolled
 * are left alone. Returns how many were dropped and how many conversations ended.
 */
export async function unenrollWorkers(
  em: EntityManager,
  programId: string,
  workerIds: readonly string[],
  reason: string,
  at: number,
): Promise<{ dropped: number; conversationsEnded: number }> {
  return em.transactional(async (tx) => {
    const params = { program: programId, workers: JSON.stringify(workerIds), at: new Date(at) };
    const running = `select c.id, c.worker_id from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id
                      where c.organization_id = :organization_id and wa.program_id = :program and c.status = 'active' and wa.status = 'active'
                        and c.worker_id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid)`;
    await lockAndStopTimers(tx, running, params);
    await scopedSql(
      tx,
      `delete from messages where organization_id = :organization_id and direction = 'outbound' and status = 'queued' and conversation_id in (select id from (${running}) r)`,
      params,
    );
    const conversationsEnded = await endConversations(tx, running, params);
    const dropped = await scopedSql<{ worker_id: string }>(
      tx,
      `update worker_assignments set status = 'dropped', dropped_reason = :reason, dropped_at = :at, updated_at = :at
        where organization_id = :organization_id and program_id = :program and status = 'active'
          and worker_id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid)
        returning worker_id`,
      { ...params, reason },
    );
    await insertDomainEvents(tx, dropped.map((row) => ({ type: 'worker.dropped' as const, workerId: row.worker_id, occurredAt: at, data: { programId, reason } })));
    const idle = await scopedSql<{ id: string }>(
      tx,
      `select w.id from workers w where w.organization_id = :organization_id and w.status = 'active' and w.id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid)
          and not exists (select 1 from conversations c where c.organization_id = :organization_id and c.worker_id = w.id and c.status = 'active')
          and exists (select 1 from worker_assignments wa where wa.organization_id = :organization_id and wa.worker_id = w.id and wa.status = 'active')
        order by w.id`,
      { workers: JSON.stringify(dropped.map((row) => row.worker_id)) },
    );
    for (const worker of idle) await startNextConversation(tx, worker.id, at);
    return { dropped: dropped.length, conversationsEnded };
  });
}
