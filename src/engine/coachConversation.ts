import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { enqueueOutbound } from './enqueueOutbound';
import { isWindowOpen, pickConversationChannel } from './pickConversationChannel';

export interface CoachReply {
  workerId: string;
  coachUserId: string;
  /** Shown in the log beside the message. */
  coachName: string;
  text: string;
  /** Epoch ms. */
  at: number;
}

export type CoachReplyResult = { ok: true } | { ok: false; reason: 'window_closed' | 'no_channel' | 'not_reachable' };

/**
 * A coach writes to a worker from the console: through the outbox as a reply, on the channel of
 * the worker's conversation (pickConversationChannel), only inside the WhatsApp 24-hour window
 * there (free-form messages need it), logged with the coach's name. It answers the worker's
 * handoff request.
 */
export async function sendCoachReply(em: EntityManager, reply: CoachReply): Promise<CoachReplyResult> {
  const channel = await pickConversationChannel(em, { workerId: reply.workerId });
  if (!channel) return { ok: false, reason: 'no_channel' };
  if (!isWindowOpen(channel, reply.at)) return { ok: false, reason: 'window_closed' };
  const queued = await enqueueOutbound(em, {
    channelId: channel.channelId,
    workerId: reply.workerId,
    body: reply.text,
    payload: { coach: { userId: reply.coachUserId, name: reply.coachName } },
    priority: 'reply',
    at: reply.at,
  });
  if (!queued) return { ok: false, reason: 'not_reachable' };
  await scopedSql(em, 'update workers set handoff_requested_at = null where organization_id = :organization_id and id = :worker', { worker: reply.workerId });
  return { ok: true };
}

/** Pauses or resumes the bot for one worker; resuming also closes their handoff request. */
export async function setBotPaused(em: EntityManager, workerId: string, paused: boolean): Promise<void> {
  await scopedSql(
    em,
    `update workers set bot_paused = :paused, handoff_requested_at = case when :paused then handoff_requested_at else null end
      where organization_id = :organization_id and id = :worker`,
    { worker: workerId, paused },
  );
}
