import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { SERVICE_WINDOW_MS } from '../channels/channelPolicy';

export interface ConversationChannelQuery {
  workerId: string;
  /**
   * The program assignment the message belongs to; omitted, that of the worker's active
   * conversation (a coach's reply), and with none the worker's last inbound message decides.
   */
  assignmentId?: string;
  /** The channel of an inbound message being answered: it wins (a reply goes where the worker wrote). */
  inboundChannelId?: string;
}

export interface ConversationChannel {
  channelId: string;
  /** When the worker last wrote on this channel, epoch ms (its 24-hour window); undefined if never. */
  lastInboundAt?: number;
}

/**
 * The channel a conversation's messages go out on, in ONE statement:
 * 1. the inbound message being answered, if any;
 * 2. the channel the worker last wrote on within this program's conversations (their message on
 *    a channel continues the conversation there), by `messages_conversation_inbound_index`;
 * 3. the program's channel (`programs.channel_id`);
 * 4. the organization's default (`settings.defaultChannelId`);
 * 5. its oldest active channel.
 * Deleted (or otherwise inactive) channels are skipped at every step. Also answers when the
 * worker last wrote on the chosen channel, by `messages_worker_inbound_index`.
 */
export async function pickConversationChannel(em: EntityManager, query: ConversationChannelQuery): Promise<ConversationChannel | undefined> {
  const [row] = await scopedSql<{ channel_id: string | null; last_inbound_at: Date | null }>(
    em,
    `with target as (
       select coalesce(:assignment::uuid,
                       (select c.worker_assignment_id from conversations c
                         where c.organization_id = :organization_id and c.worker_id = :worker and c.status = 'active')) as assignment_id),
     picked as materialized (
       select coalesce(
         (select ch.id from channels ch where ch.organization_id = :organization_id and ch.id = :inbound::uuid and ch.status = 'active'),
         case when t.assignment_id is null then
           (select m.channel_id from messages m join channels ch on ch.id = m.channel_id and ch.status = 'active'
             where m.organization_id = :organization_id and m.worker_id = :worker and m.direction = 'inbound'
             order by m.seq desc limit 1)
         else
           (select last.channel_id from conversations c
              cross join lateral (
                select m.seq, m.channel_id from messages m join channels ch on ch.id = m.channel_id and ch.status = 'active'
                 where m.conversation_id = c.id and m.direction = 'inbound'
                 order by m.seq desc limit 1) last
             where c.organization_id = :organization_id and c.worker_assignment_id = t.assignment_id
             order by last.seq desc limit 1)
         end,
         (select ch.id from worker_assignments wa join programs p on p.id = wa.program_id
            join channels ch on ch.id = p.channel_id and ch.status = 'active'
           where wa.organization_id = :organization_id and wa.id = t.assignment_id),
         (select ch.id from channels ch join organizations o on o.id = ch.organization_id
           where ch.organization_id = :organization_id and ch.status = 'active' and ch.id::text = o.settings->>'defaultChannelId'),
         (select ch.id from channels ch where ch.organization_id = :organization_id and ch.status = 'active' order by ch.created_at, ch.id limit 1)
       ) as channel_id
       from target t)
     select p.channel_id,
            (select m.created_at from messages m
              where m.organization_id = :organization_id and m.worker_id = :worker and m.direction = 'inbound' and m.channel_id = p.channel_id
              order by m.seq desc limit 1) as last_inbound_at
       from picked p`,
    { worker: query.workerId, assignment: query.assignmentId ?? null, inbound: query.inboundChannelId ?? null },
  );
  if (!row?.channel_id) return undefined;
  return { channelId: row.channel_id, ...(row.last_inbound_at ? { lastInboundAt: new Date(row.last_inbound_at).getTime() } : {}) };
}

/** Whether the worker's 24-hour window on the picked channel is open at `at` (epoch ms). */
export function isWindowOpen(channel: ConversationChannel, at: number): boolean {
  return channel.lastInboundAt !== undefined && at - channel.lastInboundAt < SERVICE_WINDOW_MS;
}
