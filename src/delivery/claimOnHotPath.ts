import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { channelPolicyDefaults, SERVICE_WINDOW_MS } from '../channels/channelPolicy';
import { toArrayLiteral } from '../db/toArrayLiteral';
import { asSystem } from '../db/tenancy/scopes';
import type { HotPath } from '../hotPath/openHotPath';
import type { ClaimedSend, ClaimOutcome } from './claimedSend';
import { createdAtBounds } from './createdAtBounds';
import { decideSend } from './decideSend';
import type { DeliveryPolicy } from './deliveryPolicy';
import { hotClaimStatement } from './hotClaimStatement';
import { readOutboxQueuedSince } from './outboxQueuedSince';
import { noFloors, type FloorParameters, type FloorRead, type OutboxFloors } from './outboxFloors';
import type { OutboxRow } from './outboxRow';
import { reportUnsendable } from './reportUnsendable';
import { recordReleasesStatement } from './sendResultStatements';

export type HotClaim =
  /** Some candidate is not common: nothing was done, the ORM claim decides. */
  | { kind: 'uncommon' }
  /** Claimed; `more` when the candidates read filled the window and the claim is not full: the ORM claim may find more behind them. */
  | { kind: 'claimed'; outcome: ClaimOutcome; more: boolean };

type ClaimRow = OutboxRow & { go: boolean; read: number; wake_at: Date | null; deferred_at: Date | null; floors_read: FloorRead[]; slot_offset_ms: number | null };

/**
 * A claimed row the statement judged common but `decideSend` will not send (a payload the SQL
 * cannot read, say): failed with its event and inbox item, as the ORM claim would; anything else
 * (which the statement's judgement rules out) goes back to the queue, its attempt not counted.
 */
async function settleUnsendable(orm: MikroORM, hot: HotPath, logger: Logger, now: number, rows: Array<{ row: OutboxRow; code: string; reason: string; fail: boolean }>): Promise<ClaimOutcome['held']> {
  const failed = rows.filter((r) => r.fail);
  const held = failed.length === 0 ? [] : await asSystem(orm.em, 'outbox dispatcher').transactional(async (tx) => {
    const reported: ClaimOutcome['held'] = [];
    for (const { row, code, reason } of failed) reported.push(await reportUnsendable(tx, row, 'failed', { code, reason }, now, logger));
    return reported;
  });
  const released = rows.filter((r) => !r.fail);
  if (released.length > 0) {
    logger.error({ messageIds: released.map((r) => r.row.id) }, 'the hot claim took messages its send decision defers: released');
    await hot.runSystem(recordReleasesStatement, recordReleasesStatement.values({ ids: toArrayLiteral(released.map((r) => r.row.id)), ...createdAtBounds(released.map((r) => r.row.created_at)) }));
  }
  return held;
}

/** The hot claim's values for a claim of up to `max` at `now`, reading its candidates from `floors` (none: every queued channel from its start). */
export function hotClaimParams(policy: DeliveryPolicy, now: number, max: number, floors: FloorParameters = noFloors) {
  return {
    now: new Date(now),
    horizon: new Date(now + policy.orderHorizonMs),
    skipChannels: '{}',
    skipIds: '{}',
    ...floors,
    limit: Math.min(Math.max(8, max), policy.candidateBatch),
    max,
    baileysHolder: policy.baileysHolder ?? null,
    rates: channelPolicyDefaults.rates,
    recipientSpacings: channelPolicyDefaults.recipientSpacingMs,
    recipientBursts: channelPolicyDefaults.recipientBursts,
    // A second either side of the window's edge is left to the ORM claim's own judgement.
    windowOpenAfter: new Date(now - SERVICE_WINDOW_MS + 1_000),
    windowClosedBefore: new Date(now - SERVICE_WINDOW_MS - 1_000),
  };
}

/**
 * The claim's common case in one autocommitted round trip of a prepared statement
 * (`hotClaimStatement`): the candidates locked, judged, and when all are common claimed with every
 * effect of the ORM claim (rate slots, recipient tokens, bulk turns, rows marked `sending`) and when
 * to look again. The messages are then built by `decideSend`, as the ORM claim builds them.
 * Candidates are read from `floors` (the dispatcher's), which learn what this claim read; without
 * them, every queued channel from the start of its range, in every month. A full scan that asks
 * which months hold queued rows costs a round trip more (`outboxQueuedSince.ts`).
 */
export async function claimOnHotPath(hot: HotPath, orm: MikroORM, policy: DeliveryPolicy, logger: Logger, now: number, max: number, floors?: OutboxFloors): Promise<HotClaim> {
  const floorClaim = floors?.forClaim(now);
  let floorParams = floorClaim?.params;
  if (floors && floorClaim?.askQueuedSince) {
    // Which months hold queued rows: this claim and the ones after it read those.
    const queuedSince = await readOutboxQueuedSince(hot, now);
    floors.learnQueuedSince(queuedSince);
    floorParams = { ...floorClaim.params, queuedSince };
  }
  const params = hotClaimParams(policy, now, max, floorParams);
  const rows = (await hot.runSystem(hotClaimStatement, hotClaimStatement.values(params))) as unknown as ClaimRow[];
  const [summary] = rows;
  if (floorClaim && summary) floors?.settle(floorClaim, summary.floors_read, summary.deferred_at ? new Date(summary.deferred_at).getTime() : undefined);
  if (!summary?.go) return { kind: 'uncommon' };
  const claimed: ClaimedSend[] = [];
  const unsendable: Array<{ row: OutboxRow; code: string; reason: string; fail: boolean }> = [];
  for (const { go: _go, read: _read, wake_at: _wake, deferred_at: _deferred, floors_read: _floors, slot_offset_ms: offset, ...fields } of rows) {
    if (fields.id === null) continue;
    const row: OutboxRow = { ...fields, waits_for_earlier: false };
    const decision = decideSend(row, now);
    if (decision.kind === 'send') {
      claimed.push({ row, message: decision.message, asTemplate: decision.asTemplate, attempt: row.attempts + 1, notBefore: now + Number(offset ?? 0) });
    } else {
      const fail = decision.kind === 'fail';
      unsendable.push({ row, code: fail ? decision.code : decision.kind, reason: fail ? decision.reason : 'deferred by the send decision', fail });
    }
  }
  const held = unsendable.length > 0 ? await settleUnsendable(orm, hot, logger, now, unsendable) : [];
  const wakeAt = summary.wake_at ? new Date(summary.wake_at).getTime() : undefined;
  return { kind: 'claimed', outcome: { claimed, held, wakeAt }, more: summary.read >= params.limit && claimed.length + held.length < max };
}
