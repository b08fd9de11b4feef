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
