import type { MikroORM } from '@mikro-orm/postgresql';
import type { SendResult } from '../channels/channelTypes';
import { describeChannelFailure } from '../channels/describeChannelFailure';
import { noteChannelSuccess, pauseChannelSends, type HealthChange } from '../channels/trackChannelHealth';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { forOrganization } from '../db/tenancy/scopes';
import { applyPendingStatuses } from './applyPendingStatuses';
import type { ClaimedSend } from './claimNextSend';
import { computeBackoff } from './computeBackoff';
import type { DeliveryPolicy } from './deliveryPolicy';
import { lockProviderMessage } from './lockProviderMessage';
import { startAnswerWaitAtSend } from './startAnswerWaitAtSend';

/** What became of one send attempt. */
export type SendOutcome =
  | { kind: 'sent'; providerMessageId: string }
  | { kind: 'retry'; at: number; code: string }
  | { kind: 'failed'; code: string; reason: string }
  /** The channel itself refused (`describeChannelFailure`): the message waits, queued, for the channel to pass a check. */
  | { kind: 'paused'; code: string; reason: string };

/** Decides what a send result means for the row: sent, retried later (backoff), failed, or paused with its channel. */
export function judgeSendResult(claim: ClaimedSend, result: SendResult, policy: DeliveryPolicy, now: number, random: number): SendOutcome {
  if (result.ok) return { kind: 'sent', providerMessageId: result.providerMessageId };
  if (result.kind === 'permanent') {
    const channelFault = describeChannelFailure(claim.row.channel_kind, result.code);
    return channelFault ? { kind: 'paused', code: result.code, reason: channelFault } : { kind: 'failed', code: result.code, reason: result.reason };
  }
  if (result.inDoubt && claim.row.possibly_duplicate) {
    return { kind: 'failed', code: 'in_doubt', reason: `sent twice without an answer (${result.code}: ${result.reason}); not sent again` };
  }
  if (claim.attempt >= policy.maxAttempts) {
    return { kind: 'failed', code: result.code, reason: `${result.reason} (gave up after ${claim.attempt} attempts)` };
  }
  return { kind: 'retry', at: now + computeBackoff(policy, claim.attempt, result.retryAfterMs, random), code: result.code };
}

/**
 * Records a send's outcome in the message's organization scope, in one transaction: the provider
 * id and `sent` (then any status that arrived before the id, and the answer wait restarted from
 * the send time), or back to `queued` with its next attempt time, or `failed` with code and reason.
 * The channel's health follows: a send clears an unhealthy mark; a failure that is the channel's
 * fault (bad credentials, blocked number) puts the message back in the queue and pauses the
 * channel's sends until it passes a check. Answers a change of mark.
 */
export async function recordSendResult(orm: MikroORM, claim: ClaimedSend, result: SendResult, outcome: SendOutcome, now: number): Promise<HealthChange | undefined> {
  const { row } = claim;
  return forOrganization(orm.em, row.organization_id).transactional(async (tx) => {
    const at = new Date(now);
    if (outcome.kind === 'sent') {
      await lockProviderMessage(tx, row.channel_id, outcome.providerMessageId);
      await scopedSql(
        tx,
        `update messages set status = 'sent', provider_message_id = :providerId, sent_at = :at, error_code = null, error_reason = null
          where organization_id = :organization_id and id = :id and status = 'sending'`,
        { id: row.id, providerId: outcome.providerMessageId, at },
      );
      await applyPendingStatuses(tx, row.channel_id, outcome.providerMessageId);
      await startAnswerWaitAtSend(tx, row, now);
      return row.channel_health_marked ? noteChannelSuccess(tx, row.channel_id, at) : undefined;
    }
    if (outcome.kind === 'retry') {
      const inDoubt = !result.ok && result.kind === 'transient' && result.inDoubt === true;
      await scopedSql(
        tx,
        `update messages set status = 'queued', next_attempt_at = :next, error_code = :code, error_reason = :reason,
                possibly_duplicate = possibly_duplicate or :inDoubt
          where organization_id = :organization_id and id = :id and status = 'sending'`,
        { id: row.id, next: new Date(outcome.at), code: outcome.code, reason: result.ok ? null : result.reason, inDoubt },
      );
      return undefined;
    }
    if (outcome.kind === 'paused') {
      // The attempt was the channel's failure, not the message's: it does not count towards maxAttempts.
      await scopedSql(
        tx,
        `update messages set status = 'queued', attempts = attempts - 1, next_attempt_at = null
          where organization_id = :organization_id and id = :id and status = 'sending'`,
        { id: row.id },
      );
      return pauseChannelSends(tx, row.channel_id, outcome.reason, at);
    }
    await scopedSql(
      tx,
      `update messages set status = 'failed', failed_at = :at, error_code = :code, error_reason = :reason
        where organization_id = :organization_id and id = :id and status = 'sending'`,
      { id: row.id, at, code: outcome.code, reason: outcome.reason },
    );
    await insertDomainEvents(tx, [{ type: 'message.failed', workerId: row.worker_id, occurredAt: now, data: { messageId: row.id, code: outcome.code, reason: outcome.reason } }]);
    return undefined;
  });
}
