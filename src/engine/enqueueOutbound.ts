import type { EntityManager } from '@mikro-orm/postgresql';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface OutboundRequest {
  channelId: string;
  workerId: string;
  conversationId?: string | null;
  touchpointKey?: string | null;
  body: string;
  /** Media, choices, template: what the channel adapter needs beyond the text. */
  payload?: Record<string, unknown>;
  priority: keyof typeof messagePriorities;
  /** Business time the message was decided, epoch ms. */
  at: number;
  /** Not sent before this time, epoch ms (a delivery policy's send time). */
  notBefore?: number;
}

/**
 * Queues an outbound message in the outbox, in the caller's transaction. The only way messages
 * reach a worker: the insert itself checks the worker is active, so nothing is ever queued for an
 * opted-out worker or one who left. Returns whether it was queued.
 */
export async function enqueueOutbound(em: EntityManager, request: OutboundRequest): Promise<boolean> {
  const rows = await scopedSql(
    em,
    `insert into messages (organization_id, channel_id, worker_id, conversation_id, touchpoint_key, direction, body, payload, status, priority, created_at, next_attempt_at)
     select :organization_id, :channel::uuid, w.id, :conversation::uuid, :touchpoint::text, 'outbound', :body::text, :payload::jsonb, 'queued', :priority::smallint, :at::timestamptz, :notBefore::timestamptz
       from workers w
      where w.organization_id = :organization_id and w.id = :worker and w.status = 'active'
     returning id`,
    {
      channel: request.channelId,
      worker: request.workerId,
      conversation: request.conversationId ?? null,
      touchpoint: request.touchpointKey ?? null,
      body: request.body,
      payload: JSON.stringify(request.payload ?? {}),
      priority: messagePriorities[request.priority],
      at: new Date(request.at),
      notBefore: request.notBefore === undefined ? null : new Date(request.notBefore),
    },
  );
  return rows.length === 1;
}
