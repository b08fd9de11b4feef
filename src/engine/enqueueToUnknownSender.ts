import type { EntityManager } from '@mikro-orm/postgresql';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Queues a reply to a number that is not a worker: only the number and a generic text are kept. */
export async function enqueueToUnknownSender(em: EntityManager, channelId: string, to: string, body: string, at: number): Promise<void> {
  await scopedSql(
    em,
    `insert into messages (organization_id, channel_id, direction, body, payload, status, priority, created_at)
     values (:organization_id, :channel, 'outbound', :body, :payload, 'queued', :priority, :at)`,
    { channel: channelId, body, payload: JSON.stringify({ to }), priority: messagePriorities.reply, at: new Date(at) },
  );
}
