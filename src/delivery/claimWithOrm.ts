import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import type { ClaimedSend, ClaimOutcome } from './claimedSend';
import { createdAtBounds, createdAtWithinBounds } from './createdAtBounds';
import { decideSend, type SendDecision } from './decideSend';
import { channelBurst, channelSpacingMs } from '../channels/channelPolicy';
import type { DeliveryPolicy } from './deliveryPolicy';
import { findOutboxCandidates, nextWakeAt } from './findOutboxCandidates';
import { grantChannelSlot } from './grantChannelSlot';
import type { OutboxRow } from './outboxRow';
import { paceRecipients } from './paceRecipients';
import { reportUnsendable } from './reportUnsendable';
import { portfolioLimitOf, reservePortfolioRecipient } from './reservePortfolioRecipient';

interface ClaimState {
  tx: EntityManager;
  now: number;
  policy: DeliveryPolicy;
  logger: Logger;
  outcome: ClaimOutcome;
}

function noteWake(state: ClaimState, at: number | undefined): void {
  if (at === undefined) return;
  state.outcome.wakeAt = state.outcome.wakeAt === undefined ? at : Math.min(state.outcome.wakeAt, at);
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
    `update messages m set next_attempt_at = :until, error_code = 'messaging_limit', error_reason = :reason where m.id = :id and ${createdAtWithinBounds}`,
    { id: row.id, ...createdAtBounds([row.created_at]), until: new Date(reservation.retryAt), reason },
  );
  state.logger.warn({ messageId: row.id, organizationId: row.organization_id, wabaId: portfolio.wabaId, retryAt: reservation.retryAt }, 'outbound message held by the messaging limit');
  return false;
}

interface Sendable {
  row: OutboxRow;
  decision: Extract<SendDecision, { kind: 'send' }>;
  /** Earlier unsent messages to the same worker: all of them are claimed with this one, or it waits. */
  earlierUnsent: string[];
}

/**
 * Looks through the due rows in sending order and picks up to `max` sendable ones, at most a
 * channel's burst from each channel; defers, holds and fails the others on the way.
 */
async function pickSendable(state: ClaimState, max: number): Promise<Sendable[]> {
  const skipIds: string[] = [];
  const picked: Sendable[] = [];
  const pickedIds = new Set<string>();
  const perChannel = new Map<string, number>();
  const fullChannels = new Set<string>();
  for (let round = 0; round < 10; round++) {
    // A few rows first (usually the first ones are sendable), more when they were not.
    const limit = round === 0 ? Math.min(Math.max(8, max), state.policy.candidateBatch) : state.policy.candidateBatch;
    const rows = await findOutboxCandidates(state.tx, {
      skipChannels: [...fullChannels],
      skipIds,
      limit,
      now: state.now,
      orderHorizon: state.now + state.policy.orderHorizonMs,
      baileysHolder: state.policy.baileysHolder,
    });
    for (const { earlier_unsent: earlierUnsent, ...fields } of rows) {
      skipIds.push(fields.id);
      // Messages to one worker claimed together go out in order on the worker's chain (startDispatcher).
      const row: OutboxRow = { ...fields, waits_for_earlier: earlierUnsent.some((id) => !pickedIds.has(id)) };
      const decision = decideSend(row, state.now);
      if (decision.kind === 'wait') {
        noteWake(state, decision.until);
      } else if (decision.kind === 'defer') {
        await scopedSql(state.tx, `update messages m set next_attempt_at = :until, error_code = :code, error_reason = :reason where m.id = :id and ${createdAtWithinBounds}`, {
          id: row.id, ...createdAtBounds([row.created_at]), until: new Date(decision.until), code: decision.code, reason: decision.reason,
        });
      } else if (decision.kind === 'hold' || decision.kind === 'fail') {
        state.outcome.held.push(await reportUnsendable(state.tx, row, decision.kind === 'hold' ? 'held' : 'failed', decision, state.now, state.logger));
      } else {
        if (fullChannels.has(row.channel_id)) continue;
        const taken = (perChannel.get(row.channel_id) ?? 0) + 1;
        perChannel.set(row.channel_id, taken);
        if (taken >= channelBurst(row.channel_kind, row.channel_settings)) fullChannels.add(row.channel_id);
        picked.push({ row, decision, earlierUnsent });
        pickedIds.add(row.id);
        if (picked.length >= max) return picked;
      }
    }
    if (rows.length < limit) return picked;
  }
  return picked;
}

/**
 * Takes each channel's rate slots for its picked rows (all or none: a channel whose slot another
 * instance took meanwhile keeps its rows queued), then each recipient's pair-rate token
 * (`paceRecipients`), then the messaging-limit places, and marks the claimed rows `sending`. The k-th row of a channel is to go out k slots after the first.
 *
 * Slot rows are taken in channel id order, and portfolio locks only after every slot, so two
 * claims never wait on each other in a circle.
 */
async function claimPicked(state: ClaimState, picked: Sendable[]): Promise<ClaimedSend[]> {
  const byChannel = new Map<string, Sendable[]>();
  for (const sendable of picked) {
    const ofChannel = byChannel.get(sendable.row.channel_id);
    if (ofChannel) ofChannel.push(sendable);
    else byChannel.set(sendable.row.channel_id, [sendable]);
  }
  const granted: ClaimedSend[] = [];
  for (const channelId of [...byChannel.keys()].sort()) {
    const sendables = byChannel.get(channelId) ?? [];
    const { row } = sendables[0];
    const spacingMs = channelSpacingMs(row.channel_kind, row.channel_settings);
    const grant = await grantChannelSlot(state.tx, { id: channelId, organizationId: row.organization_id }, spacingMs, state.now, sendables.length);
    if (!grant.granted) {
      noteWake(state, grant.nextAt);
      continue;
    }
    granted.push(...sendables.map(({ row: pickedRow, decision }, index) => ({
      row: pickedRow, message: decision.message, asTemplate: decision.asTemplate, attempt: pickedRow.attempts + 1, notBefore: state.now + index * spacingMs,
    })));
  }
  const paced = await paceRecipients(state.tx, granted, state.now);
  noteWake(state, paced.wakeAt);
  const withinLimit: ClaimedSend[] = [];
  for (const claim of paced.passed) {
    if (await withinMessagingLimit(state, claim.row, claim.message.to, claim.asTemplate)) withinLimit.push(claim);
  }
  // A worker's message goes only with every earlier unsent one (any left behind keeps it waiting).
  const earlierOf = new Map(picked.map((sendable) => [sendable.row.id, sendable.earlierUnsent]));
  const claimedIds = new Set<string>();
  const claimed = withinLimit.filter((claim) => {
    if (!(earlierOf.get(claim.row.id) ?? []).every((id) => claimedIds.has(id))) return false;
    claimedIds.add(claim.row.id);
    return true;
  });
  if (claimed.length > 0) {
    await scopedSql(
      state.tx,
      `update messages m set status = 'sending', claimed_at = :now, attempts = attempts + 1, next_attempt_at = null where m.id = any(:ids::uuid[]) and ${createdAtWithinBounds}`,
      { ids: `{${claimed.map((claim) => claim.row.id).join(',')}}`, ...createdAtBounds(claimed.map((claim) => claim.row.created_at)), now: new Date(state.now) },
    );
  }
  return claimed;
}

/**
 * Claims up to `max` messages to send, in one short system-scope transaction: replies first, then
 * proactive messages, then bulk, served round-robin between organizations. On the way it defers
 * rows in quiet hours, holds rows outside the 24-hour window without a template, and takes the
 * channels' rate-limit slots for the rows it claims (channels whose slot is not due are not read).
 * The sends themselves happen after commit, each at its `notBefore`.
 */
export async function claimWithOrm(orm: MikroORM, policy: DeliveryPolicy, logger: Logger, now: number, max: number): Promise<ClaimOutcome> {
  return asSystem(orm.em, 'outbox dispatcher').transactional(async (tx) => {
    const state: ClaimState = { tx, now, policy, logger, outcome: { claimed: [], held: [] } };
    const claimed = await claimPicked(state, await pickSendable(state, max));
    // Channels whose rate slot is not due, and deferred rows, were not read: wake when the first is
    // due (a full claim is followed by another at once).
    if (claimed.length < max) noteWake(state, await nextWakeAt(tx, now));
    if (claimed.length === 0) return state.outcome;
    const servedBulk = new Set(claimed.filter((claim) => claim.row.priority === messagePriorities.bulk).map((claim) => claim.row.organization_id));
    for (const organizationId of servedBulk) {
      await scopedSql(
        tx,
        // Wall-clock order of turns, so the round-robin holds even when business time stands still.
        `insert into bulk_turns (organization_id, last_claimed_at) values (:org, clock_timestamp())
         on conflict (organization_id) do update set last_claimed_at = excluded.last_claimed_at`,
        { org: organizationId },
      );
    }
    return { ...state.outcome, claimed };
  });
}
