import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { SendResult } from '../channels/channelTypes';
import { describeChannelFailure } from '../channels/describeChannelFailure';
import { noteChannelSuccess, pauseChannelSends, type HealthChange } from '../channels/trackChannelHealth';
import { toArrayLiteral } from '../db/toArrayLiteral';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { raiseInboxItems } from '../inbox/raiseInboxItems';
import type { ClaimedSend } from './claimedSend';
import { computeBackoff } from './computeBackoff';
import { createdAtBounds, createdAtWithinBounds } from './createdAtBounds';
import type { DeliveryPolicy } from './deliveryPolicy';
import { backOffRecipients, type RecipientKey } from './paceRecipients';
import type { HotPath } from '../hotPath/openHotPath';
import { recordReleasesStatement, recordRetriesStatement, recordSentStatement } from './sendResultStatements';
import { stillSending } from './stillSendingSql';
import { systemStatementsOf, type RunSystemStatement } from './systemStatements';

/** The Cloud API's pair-rate refusal: too many messages to one user. */
const PAIR_RATE_ERROR = '131056';

/** What became of one send attempt. */
export type SendOutcome =
  | { kind: 'sent'; providerMessageId: string }
  | { kind: 'retry'; at: number; code: string }
  | { kind: 'failed'; code: string; reason: string }
  /** The channel itself refused (`describeChannelFailure`): the message waits, queued, for the channel to pass a check. */
  | { kind: 'paused'; code: string; reason: string }
  /** Not sent because an earlier message to the same worker was not (its retry keeps the order): queued again, the attempt not counted. */
  | { kind: 'released' };

/** One send's result to record. */
export interface SendRecord {
  claim: ClaimedSend;
  result: SendResult;
  outcome: SendOutcome;
  /** Business time of the result, epoch ms. */
  now: number;
}

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

type Of<K extends SendOutcome['kind']> = SendRecord & { outcome: Extract<SendOutcome, { kind: K }> };

/** The bounds on the records' created_at that keep their updates to their months' partitions. */
const createdAtOf = (records: SendRecord[]) => createdAtBounds(records.map((r) => r.claim.row.created_at));

/**
 * A question's reminder and timeout count from when it was sent, not queued: seconds its timers
 * move later (the time it waited in the outbox), or null when it asks nothing.
 */
function answerWaitSeconds({ claim: { row }, now }: SendRecord): number | null {
  if (!row.conversation_id || !row.worker_id || row.payload.expectsAnswer !== true) return null;
  const waitedMs = now - new Date(row.created_at).getTime();
  return waitedMs > 0 ? waitedMs / 1000 : null;
}

/**
 * Sent: provider id and `sent`, merged with the statuses that arrived before the id (taken out of
 * pending_statuses), and each question's timers moved by the time it waited in the outbox unless
 * the worker wrote since (the conversation moved on). One statement for the whole batch.
 */
async function recordSent(run: RunSystemStatement, records: Array<Of<'sent'>>): Promise<void> {
  if (records.length === 0) return;
  await run(recordSentStatement, {
    ids: toArrayLiteral(records.map((r) => r.claim.row.id)),
    ...createdAtOf(records),
    providerIds: toArrayLiteral(records.map((r) => r.outcome.providerMessageId)),
    ats: toArrayLiteral(records.map((r) => new Date(r.now))),
    waits: toArrayLiteral(records.map(answerWaitSeconds)),
  });
}

/** Transient failures: back to `queued` with the next attempt's time (an answer in doubt marks the row). One statement. */
async function recordRetries(run: RunSystemStatement, records: Array<Of<'retry'>>): Promise<void> {
  if (records.length === 0) return;
  await run(recordRetriesStatement, {
    ids: toArrayLiteral(records.map((r) => r.claim.row.id)),
    ...createdAtOf(records),
    nexts: toArrayLiteral(records.map((r) => new Date(r.outcome.at))),
    codes: toArrayLiteral(records.map((r) => r.outcome.code)),
    reasons: toArrayLiteral(records.map((r) => (r.result.ok ? null : r.result.reason))),
    doubts: toArrayLiteral(records.map((r) => !r.result.ok && r.result.kind === 'transient' && r.result.inDoubt === true)),
  });
}

/** Permanent failures (or attempts used up): `failed` with code and reason (one statement), and a `message.failed` event and coach inbox items per organization, in one transaction. */
async function recordFailures(orm: MikroORM, records: Array<Of<'failed'>>): Promise<void> {
  if (records.length === 0) return;
  await asSystem(orm.em, 'send results').transactional(async (tx) => {
    await markFailed(tx, records);
    for (const organizationId of new Set(records.map((r) => r.claim.row.organization_id))) {
      const events = records
        .filter((r) => r.claim.row.organization_id === organizationId)
        .map((r) => ({ type: 'message.failed' as const, workerId: r.claim.row.worker_id, occurredAt: r.now, data: { messageId: r.claim.row.id, code: r.outcome.code, reason: r.outcome.reason } }));
      await insertDomainEvents(tx, events, organizationId);
      const raises = records
        .filter((r) => r.claim.row.organization_id === organizationId && r.claim.row.worker_id !== null)
        .map((r) => ({ workerId: r.claim.row.worker_id as string, conversationId: r.claim.row.conversation_id, cause: 'message_failed' as const, reason: `A message to them failed: ${r.outcome.reason}` }));
      await raiseInboxItems(tx, raises, records[0].now, organizationId);
    }
  });
}

async function markFailed(em: EntityManager, records: Array<Of<'failed'>>): Promise<void> {
  await scopedSql(
    em,
    `update messages m set status = 'failed', failed_at = i.at, error_code = i.code, error_reason = i.reason
       from unnest(:ids::uuid[], :ats::timestamptz[], :codes::text[], :reasons::text[]) as i(id, at, code, reason)
      where m.id = i.id and ${stillSending} and ${createdAtWithinBounds}`,
    {
      ids: toArrayLiteral(records.map((r) => r.claim.row.id)),
      ...createdAtOf(records),
      ats: toArrayLiteral(records.map((r) => new Date(r.now))),
      codes: toArrayLiteral(records.map((r) => r.outcome.code)),
      reasons: toArrayLiteral(records.map((r) => r.outcome.reason)),
    },
  );
}

/** The channel refused (rare): the message goes back to `queued`, its attempt not counted, and the channel's sends pause. */
async function recordPaused(orm: MikroORM, record: Of<'paused'>): Promise<HealthChange | undefined> {
  const { row } = record.claim;
  return forOrganization(orm.em, row.organization_id).transactional(async (tx) => {
    await scopedSql(
      tx,
      `update messages m set status = 'queued', attempts = attempts - 1, next_attempt_at = null
        where m.organization_id = :organization_id and m.id = :id and ${stillSending} and ${createdAtWithinBounds}`,
      { id: row.id, ...createdAtBounds([row.created_at]) },
    );
    return pauseChannelSends(tx, row.channel_id, record.outcome.reason, new Date(record.now));
  });
}

/** Claims given back unsent: queued again, the attempt not counted. One statement. */
async function recordReleases(run: RunSystemStatement, records: Array<Of<'released'>>): Promise<void> {
  if (records.length === 0) return;
  await run(recordReleasesStatement, { ids: toArrayLiteral(records.map((r) => r.claim.row.id)), ...createdAtOf(records) });
}

/** Recipients who refused a message for the pair rate (Cloud API 131056): backed off 4^X seconds. */
function pairRateRefusals(records: SendRecord[]): RecipientKey[] {
  return records
    .filter((r) => !r.result.ok && r.result.code === PAIR_RATE_ERROR && r.claim.row.channel_kind === 'cloud_api')
    .map((r) => ({ channelId: r.claim.row.channel_id, organizationId: r.claim.row.organization_id, recipient: r.claim.message.to }));
}

/**
 * Records a batch of send outcomes, one statement per kind whatever the batch's size: `sent` with
 * the provider id (then any status that arrived before the id, and the answer wait restarted from
 * the send time), back to `queued` with the next attempt's time, or `failed` with code and reason.
 * The channels' health follows: a send clears an unhealthy mark (only for a channel the claim saw
 * marked: no statement on a healthy one); a failure that is the channel's fault (bad credentials,
 * blocked number) puts the message back in the queue and pauses the channel's sends until it
 * passes a check. Answers each record's change of channel mark, in order. The common kinds (sent,
 * retried, released) run as prepared statements on `hot` when given.
 */
export async function recordSendResults(orm: MikroORM, records: SendRecord[], hot?: HotPath): Promise<Array<HealthChange | undefined>> {
  const of = <K extends SendOutcome['kind']>(kind: K) => records.filter((r): r is Of<K> => r.outcome.kind === kind);
  const run = systemStatementsOf(orm, hot);
  const sent = of('sent');
  await recordSent(run, sent);
  await recordRetries(run, of('retry'));
  await recordFailures(orm, of('failed'));
  await recordReleases(run, of('released'));
  const refused = pairRateRefusals(records);
  if (refused.length > 0) await backOffRecipients(asSystem(orm.em, 'pair rate back-off'), refused, Math.max(...records.map((r) => r.now)));
  const changes = new Map<SendRecord, HealthChange | undefined>();
  for (const record of of('paused')) changes.set(record, await recordPaused(orm, record));
  const healed = new Set<string>();
  for (const record of sent) {
    const { row } = record.claim;
    if (!row.channel_health_marked || healed.has(row.channel_id)) continue;
    healed.add(row.channel_id);
    changes.set(record, await noteChannelSuccess(forOrganization(orm.em, row.organization_id), row.channel_id, new Date(record.now)));
  }
  return records.map((record) => changes.get(record));
}
