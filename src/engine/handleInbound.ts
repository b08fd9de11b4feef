import type { InboundMessage } from '../channels/channelTypes';
import { stripUnstorableValues } from '../text/stripUnstorableValues';
import { forOrganization } from '../db/tenancy/scopes';
import { advanceConversation } from './advanceConversation';
import type { EngineDependencies } from './engineDependencies';
import type { ChannelRef } from './engineRows';
import { describeLocalTime } from './describeLocalTime';
import { enqueueOutbound } from './enqueueOutbound';
import { findPacingWait } from './findPacingWait';
import { findWorkerByPhone } from './findWorkerByPhone';
import { handleKeyword } from './handleKeyword';
import { handleUnknownSender } from './handleUnknownSender';
import { lockActiveConversation } from './lockActiveConversation';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { lockPhoneNumber } from './lockPhoneNumber';
import type { InboundOutcome } from './inboundOutcome';
import { matchKeyword } from './matchKeyword';
import { recordInboundMessage } from './recordInboundMessage';
import { repeatPendingQuestion, wasInterruptedByBroadcast } from './repeatPendingQuestion';
import { runHotInboundStep, TAKE_ORM_PATH } from './runHotInboundStep';
import { systemText } from './systemTexts';

export type { InboundOutcome } from './inboundOutcome';

/**
 * The inbound pipeline. Its common path (a known, active worker answering their running
 * conversation) runs on prepared statements in two round trips (`runHotInboundStep`); every
 * other case, in one ORM transaction: find the worker (a number that is none yet is locked,
 * so two first messages from it are handled one after the other), log the message (a provider
 * retry stops here), lock their conversation, answer keywords, or move the machine one step and
 * execute what it decided (during a pacing wait, tell when the next message comes). One worker's messages are handled one at a time, in arrival order.
 * `at` is when the message was received (a spooled message's own time when it is replayed later).
 * Text PostgreSQL cannot store (U+0000, lone surrogates) is stripped first.
 */
export async function handleInbound(deps: EngineDependencies, channel: ChannelRef, received: InboundMessage, at = deps.clock.now()): Promise<InboundOutcome> {
  const message = stripUnstorableValues(received);
  if (deps.hot && !matchKeyword(message.text)) {
    const hot = await runHotInboundStep(deps.hot, channel, message, at);
    if (hot !== TAKE_ORM_PATH) return hot;
  }
  const em = forOrganization(deps.orm.em, channel.organizationId);
  return em.transactional(async (tx): Promise<InboundOutcome> => {
    let worker = await findWorkerByPhone(tx, message.from);
    if (!worker) {
      await lockPhoneNumber(tx, message.from);
      worker = await findWorkerByPhone(tx, message.from);
    }
    if (!worker) {
      const recordedId = await recordInboundMessage(tx, { channelId: channel.id, message, workerId: null, conversationId: null, touchpointKey: null, at });
      if (!recordedId) return { kind: 'duplicate' };
      return { kind: 'unknown_sender', ...(await handleUnknownSender(tx, channel.id, { id: recordedId, message }, at)) };
    }
    const conversation = await lockActiveConversation(tx, worker.id);
    const recordedId = await recordInboundMessage(tx, { channelId: channel.id, message, workerId: worker.id, conversationId: conversation?.id ?? null, touchpointKey: null, at });
    if (!recordedId) return { kind: 'duplicate' };

    const language = worker.language ?? 'en';
    const keyword = matchKeyword(message.text);
    if (worker.status === 'left') return { kind: 'ignored', reason: 'left' };
    if (keyword && (worker.status === 'active' || keyword === 'START')) {
      await handleKeyword(tx, { worker, conversationId: conversation?.id ?? null, channelId: channel.id, language, at }, keyword);
      return { kind: 'keyword', keyword };
    }
    if (worker.status === 'opted_out') return { kind: 'ignored', reason: 'opted_out' };
    // A coach is talking with the worker: their messages are logged for the coach, the bot waits.
    if (worker.bot_paused) return { kind: 'ignored', reason: 'bot_paused' };
    if (!conversation) {
      await enqueueOutbound(tx, { channelId: channel.id, workerId: worker.id, body: systemText(language, 'nothingActive', {}, await loadSystemTextOverrides(tx)), priority: 'reply', at });
      return { kind: 'no_active_conversation' };
    }
    if (conversation.program_status === 'paused') {
      await enqueueOutbound(tx, { channelId: channel.id, workerId: worker.id, conversationId: conversation.id, body: systemText(language, 'programPaused', {}, await loadSystemTextOverrides(tx)), priority: 'reply', at });
      return { kind: 'program_paused' };
    }
    const pacing = await findPacingWait(tx, conversation.id);
    const text = message.text ?? message.media?.caption ?? '';
    const interrupted = await wasInterruptedByBroadcast(tx, worker.id, conversation.id);
    const { completed, sentContentKeys } = await advanceConversation({
      em: tx,
      conversation,
      event: { type: 'ANSWER', text, replyId: message.replyId, ...(message.media ? { media: message.media.kind } : {}), at },
      channelId: channel.id,
      priority: 'reply',
    });
    if (interrupted && sentContentKeys.some((key) => key.endsWith('.hint'))) await repeatPendingQuestion(tx, conversation.id, channel.id, at);
    if (pacing) {
      const when = describeLocalTime(pacing.dueAt, at, pacing.timezone, language);
      await enqueueOutbound(tx, { channelId: channel.id, workerId: worker.id, conversationId: conversation.id, body: systemText(language, 'waitingForNext', { when }), priority: 'reply', at });
      return { kind: 'pacing_wait', conversationId: conversation.id, nextAt: pacing.dueAt };
    }
    return { kind: 'advanced', conversationId: conversation.id, completed };
  });
}
