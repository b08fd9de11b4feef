import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { OutboundMessage } from '../channels/channelTypes';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import { decideSend } from './decideSend';
import { channelSpacingMs, type DeliveryPolicy } from './deliveryPolicy';
import { findOutboxCandidates, nextChannelSlotAt } from './findOutboxCandidates';
import { grantChannelSlot } from './grantChannelSlot';
import type { OutboxRow } from './outboxRow';
import { portfolioLimitOf, reservePortfolioRecipient } from './reservePortfolioRecipient';

/** A row claimed for sending: marked `sending` in the committed claim transaction. */
export interface ClaimedSend {
  row: OutboxRow;
  message: OutboundMessage;
  asTemplate: boolean;
  /** The attempt this send is, 1-based. */
  attempt: number;
}

export interface ClaimOutcome {
  claimed?: ClaimedSend;
  /** Rows held (window closed without template) or failed before sending, for reporting. */
  held: Array<{ id: string; code: string; reason: string }>;
  /** When something not claimable now may become claimable (rate slot, pair rate), epoch ms. */
  wakeAt?: number;
}

interface ClaimState {
  tx: EntityManager;
  now: number;
  policy: DeliveryPolicy;
  logger: Logger;
  skipChannels: Set<string>;
  outcome: ClaimOutcome;
}

function noteWake(state: ClaimState, at: number | undefined): void {
  if (at === undefined) return;
  state.outcome.wakeAt = state.outcome.wakeAt === undefined ? at : Math.min(state.outcome.wakeAt, at);
}

async function setStatus(state: ClaimState, row: OutboxRow, status: 'held' | 'failed', code: string, reason: string): Promise<void> {
  await scopedSql(
    state.tx,
    `update messages set status = :status, error_code = :code, error_reason = :reason,
            failed_at = case when :status = 'failed' then :now::timestamptz else failed_at end
      where id = :id`,
    { id: row.id, status, code, reason, now: new Date(state.now) },
  );
  state.outcome.held.push({ id: row.id, code, reason });
  state.logger.warn({ messageId: row.id, organizationId: row.organization_id, status, code, reason }, `outbound message ${status}`);
}

/**
 * Outside the window a Cloud API send counts against its portfolio's messaging limit: beyond it the
 * row waits (queued, `messaging_limit` recorded on it and logged) until a place frees up.
 */
async function withinMessagingLimit(state: ClaimState, row: OutboxRow, recipient: string, outsideWindow: boolean): Promise<boolean> {
  const portfolio = row.channel_kind === 'cloud_api' && outsideWindow ? portfolioLimitOf(row.channel_settings) : undefined;
  if (!portfolio) return true;
  const reservation = await reservePortfolioRecipient(state.tx, portfolio.wabaId, portfolio.limit, recipient, state.now);
  if (reservation.ok) return true;
  const reason = `the portfolio ${portfolio.wabaId} messaged ${reservation.count} of its ${portfolio.limit} users outside the window in 24 hours`;
  await scopedSql(
    state.tx,
    `update messages set next_attempt_at = :until, error_code = 'messaging_limit', error_reason = :reason where id = :id`,
    { id: row.id, until: new Date(reservation.retryAt), reason },
  );
  state.logger.warn({ messageId: row.id, organizationId: row.organization_id, wabaId: portfolio.wabaId, retryAt: reservation.retryAt }, 'outbound message held by the messaging limit');
  return false;
}

/** Looks through the due rows in sending order and claims the first sendable one. */
async function claimFirstSendable(state: ClaimState): Promise<ClaimedSend | undefined> {
  const skipIds: string[] = [];
  for (let round = 0; round < 10; round++) {
    // A few rows first (usually the first one is sendable), more when they were not.
    const limit = round === 0 ? Math.min(8, state.policy.candidateBatch) : state.policy.candidateBatch;
    const rows = await findOutboxCandidates(state.tx, {
      skipChannels: [...state.skipChannels],
      skipIds,
      limit,
      now: state.now,
      orderHorizon: state.now + state.policy.orderHorizonMs,
      baileysHolder: state.policy.baileysHolder,
    });
    for (const row of rows) {
      skipIds.push(row.id);
      if (state.skipChannels.has(row.channel_id)) continue;
      const decision = decideSend(row, state.now);
      if (decision.kind === 'wait') {
        noteWake(state, decision.until);
      } else if (decision.kind === 'defer') {
        await scopedSql(state.tx, 'update messages set next_attempt_at = :until where id = :id', { id: row.id, until: new Date(decision.until) });
      } else if (decision.kind === 'hold' || decision.kind === 'fail') {
        await setStatus(state, row, decision.kind === 'hold' ? 'held' : 'failed', decision.code, decision.reason);
      } else {
        const grant = await grantChannelSlot(state.tx, { id: row.channel_id, organizationId: row.organization_id }, channelSpacingMs(row.channel_kind, row.channel_settings), state.now);
        if (!grant.granted) {
          state.skipChannels.add(row.channel_id);
          noteWake(state, grant.nextAt);
          continue;
        }
        if (!(await withinMessagingLimit(state, row, decision.message.to, decision.asTemplate))) continue;
        await scopedSql(
          state.tx,
          `update messages set status = 'sending', claimed_at = :now, attempts = attempts + 1, next_attempt_at = null where id = :id`,
          { id: row.id, now: new Date(state.now) },
        );
        return { row, message: decision.message, asTemplate: decision.asTemplate, attempt: row.attempts + 1 };
      }
    }
    if (rows.length < limit) return undefined;
  }
  return undefined;
}

/**
 * Claims the next message to send, in one short system-scope transaction: replies first, then
 * proactive messages, then bulk, served round-robin between organizations. On the way it defers
 * rows in quiet hours, holds rows outside the 24-hour window without a template, and takes the
 * channel's rate-limit slot for the row it claims (channels whose slot is not due are not read).
 * The send itself happens after commit.
 */
export async function claimNextSend(orm: MikroORM, policy: DeliveryPolicy, logger: Logger, now: number): Promise<ClaimOutcome> {
  return asSystem(orm.em, 'outbox dispatcher').transactional(async (tx) => {
    const state: ClaimState = { tx, now, policy, logger, skipChannels: new Set(), outcome: { held: [] } };
    const claimed = await claimFirstSendable(state);
    if (!claimed) {
      // Channels whose rate slot is not due were not read at all: wake when the first one is.
      noteWake(state, await nextChannelSlotAt(tx, now));
      return state.outcome;
    }
    if (claimed.row.priority === messagePriorities.bulk) {
      await scopedSql(
        tx,
        // Wall-clock order of turns, so the round-robin holds even when business time stands still.
        `insert into bulk_turns (organization_id, last_claimed_at) values (:org, clock_timestamp())
         on conflict (organization_id) do update set last_claimed_at = excluded.last_claimed_at`,
        { org: claimed.row.organization_id },
      );
    }
    return { ...state.outcome, claimed };
  });
}
