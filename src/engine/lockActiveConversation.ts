import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { ConversationRow } from './engineRows';

/**
 * Locks the worker's active conversation row until the transaction ends, so one worker's messages
 * and timers are handled one at a time, each from the snapshot the previous one saved.
 */
export async function lockActiveConversation(em: EntityManager, workerId: string): Promise<ConversationRow | undefined> {
  const [conversation] = await scopedSql<ConversationRow>(
    em,
    `select id, organization_id, worker_id, worker_assignment_id, journey_blueprint_id, snapshot, snapshot_format, version
       from conversations
      where organization_id = :organization_id and worker_id = :worker and status = 'active'
        for update`,
    { worker: workerId },
  );
  return conversation;
}

/**
 * Locks one conversation by id (timers), whatever its status. Its worker is locked first, in the
 * same order as the inbound path (worker, then conversation), so the two never deadlock.
 */
export async function lockConversation(em: EntityManager, conversationId: string): Promise<(ConversationRow & { status: string }) | undefined> {
  await scopedSql(
    em,
    `select w.id from workers w join conversations c on c.worker_id = w.id
      where c.organization_id = :organization_id and c.id = :id for update of w`,
    { id: conversationId },
  );
  const [conversation] = await scopedSql<ConversationRow & { status: string }>(
    em,
    `select id, organization_id, worker_id, worker_assignment_id, journey_blueprint_id, snapshot, snapshot_format, version, status
       from conversations where organization_id = :organization_id and id = :id for update`,
    { id: conversationId },
  );
  return conversation;
}
