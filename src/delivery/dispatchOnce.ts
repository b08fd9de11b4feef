import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { SendResult } from '../channels/channelTypes';
import type { ChannelRegistry } from '../channels/channelRegistry';
import { asSystem } from '../db/tenancy/scopes';
import type { HotPath } from '../hotPath/openHotPath';
import type { Clock } from '../time/clock';
import { claimNextSend, type ClaimedSend } from './claimNextSend';
import type { DeliveryPolicy } from './deliveryPolicy';
import type { HealthChange } from '../channels/trackChannelHealth';
import { judgeSendResult, recordSendResults, type SendOutcome, type SendRecord } from './recordSendResult';

/** What the dispatcher needs from the outside world. */
export interface DispatchDependencies {
  orm: MikroORM;
  /** The hot path: the common send results are written through its prepared statements. */
  hot?: HotPath;
  clock: Clock;
  logger: Logger;
  /** Loads a channel's adapter by id (`createChannelRegistry(...)`). */
  registry: Pick<ChannelRegistry, 'current'>;
  policy: DeliveryPolicy;
  /** A number in [0, 1) for backoff jitter. Default Math.random. */
  random?: () => number;
  /** Records a send's result: the dispatcher's batch writer. Default: its own statements at once. */
  record?: (record: SendRecord) => Promise<HealthChange | undefined>;
}

export type DispatchStep =
  | { kind: 'idle'; /** When to look again at the earliest, epoch ms (business clock), if known. */ wakeAt?: number }
  | { kind: 'attempted'; messageId: string; outcome: SendOutcome };

async function send(deps: DispatchDependencies, claim: ClaimedSend): Promise<SendResult> {
  try {
    const { row } = claim;
    const channel = row.channel_status === 'active' ? await deps.registry.current(() => asSystem(deps.orm.em, 'outbox dispatcher'), row.channel_id, row.channel_updated_at) : undefined;
    if (!channel) return { ok: false, kind: 'permanent', code: 'channel_unavailable', reason: 'the channel is missing or not active' };
    return await channel.adapter.send(claim.message);
  } catch (error) {
    // A misconfigured channel (ChannelConfigurationError) or an adapter bug: not worth retrying blindly.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: 'permanent', code: 'channel_error', reason };
  }
}

/** Sends a claimed message through its channel at its `notBefore`, outside any transaction, and judges the result. */
export async function sendClaim(deps: DispatchDependencies, claimed: ClaimedSend): Promise<SendRecord> {
  const early = claimed.notBefore - deps.clock.now();
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
  const result = await send(deps, claimed);
  const now = deps.clock.now();
  return { claim: claimed, result, outcome: judgeSendResult(claimed, result, deps.policy, now, (deps.random ?? Math.random)()), now };
}

/** A claimed message not sent because an earlier one to the same worker was not: it goes back to the queue, its attempt not counted. */
export function releaseClaim(deps: DispatchDependencies, claimed: ClaimedSend): SendRecord {
  const reason = 'an earlier message to this worker was not sent';
  return { claim: claimed, result: { ok: false, kind: 'transient', code: 'earlier_unsent', reason }, outcome: { kind: 'released' }, now: deps.clock.now() };
}

/** Records a send's outcome (through `deps.record`, else at once) and logs what it means. */
export async function recordSend(deps: DispatchDependencies, record: SendRecord): Promise<SendOutcome> {
  const health = deps.record ? await deps.record(record) : (await recordSendResults(deps.orm, [record], deps.hot))[0];
  const { claim: claimed, outcome } = record;
  if (health?.kind === 'marked_unhealthy') deps.logger.warn({ channelId: claimed.row.channel_id, reason: health.reason }, 'channel marked unhealthy: its sends are paused until it passes a check');
  if (health?.kind === 'healthy_again') deps.logger.info({ channelId: claimed.row.channel_id }, 'channel healthy again: a send went through');
  if (outcome.kind === 'retry' || outcome.kind === 'failed') {
    const level = outcome.kind === 'failed' ? 'warn' : 'info';
    deps.logger[level]({ messageId: claimed.row.id, attempt: claimed.attempt, ...outcome }, `send ${outcome.kind === 'failed' ? 'failed' : 'will be retried'}`);
  }
  return outcome;
}

/** Sends a claimed message at its `notBefore` and records the outcome. */
export async function deliverClaim(deps: DispatchDependencies, claimed: ClaimedSend): Promise<SendOutcome> {
  return recordSend(deps, await sendClaim(deps, claimed));
}

/**
 * One dispatcher step: claim the next due message (committed as `sending`), send it through its
 * channel outside any transaction, record the outcome. Returns 'idle' when nothing is due.
 */
export async function dispatchOnce(deps: DispatchDependencies): Promise<DispatchStep> {
  const claim = await claimNextSend(deps.orm, deps.policy, deps.logger, deps.clock.now(), 1, deps.hot);
  const [claimed] = claim.claimed;
  if (!claimed) return { kind: 'idle', wakeAt: claim.wakeAt };
  return { kind: 'attempted', messageId: claimed.row.id, outcome: await deliverClaim(deps, claimed) };
}

/** Dispatches until nothing is due at the clock's current time; returns the steps taken (tests, drains). */
export async function dispatchUntilIdle(deps: DispatchDependencies, maxSteps = 100_000): Promise<{ attempted: number; wakeAt?: number }> {
  for (let attempted = 0; attempted < maxSteps; attempted++) {
    const step = await dispatchOnce(deps);
    if (step.kind === 'idle') return { attempted, wakeAt: step.wakeAt };
  }
  return { attempted: maxSteps };
}
