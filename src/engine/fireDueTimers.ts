import { z } from 'zod';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { summarizeIssues } from '../text/summarizeIssues';
import { advanceConversation } from './advanceConversation';
import { claimDueTimers, type ClaimedTimer } from './claimDueTimers';
import type { EngineDependencies } from './engineDependencies';
import { conversationRowSchema } from './engineRows';
import { parseTimerEvent } from './parseTimerEvent';
import { pickConversationChannel } from './pickConversationChannel';
import { recordTimerFailure } from './recordTimerFailure';
import { timerRetryPolicy } from './timerRetryPolicy';

type TimerOutcome = 'fired' | 'busy' | 'gone';

/** A timer that can never fire as stored (its event is malformed): set aside at once, not retried. */
class HopelessTimer extends Error {}

const timerConversationSchema = conversationRowSchema.extend({ status: z.string() });

/**
 * Fires one claimed timer in its own organization-scoped transaction, unless an inbound message
 * of the same worker holds the worker: the worker row is locked FOR NO KEY UPDATE SKIP LOCKED,
 * then the conversation (the engine's lock order, README "Locks"), so neither waits on the other.
 * The timer is deleted only while this claim holds (`claimedUntil`): one rescheduled or cancelled
 * meanwhile is gone.
 */
async function fireTimer(deps: EngineDependencies, timer: ClaimedTimer, claimedUntil: Date, at: number): Promise<TimerOutcome> {
  return forOrganization(deps.orm.em, timer.organization_id).transactional(async (tx): Promise<TimerOutcome> => {
    const locked = await scopedSql(
      tx,
      `select w.id from workers w join conversations c on c.worker_id = w.id
        where c.organization_id = :organization_id and c.id = :conversation for no key update of w skip locked`,
      { conversation: timer.conversation_id },
    );
    if (locked.length === 0) return 'busy';
    const [conversation] = parseRows(timerConversationSchema, await scopedSql(
      tx,
      `select id, organization_id, worker_id, worker_assignment_id, journey_blueprint_id, snapshot, snapshot_format, version, status
         from conversations where organization_id = :organization_id and id = :conversation for no key update`,
      { conversation: timer.conversation_id },
    ), 'conversation');
    const [claimed] = await scopedSql<{ event: unknown }>(
      tx,
      'delete from timers where organization_id = :organization_id and id = :id and claimed_until = :claimedUntil returning event',
      { id: timer.id, claimedUntil },
    );
    if (!claimed || !conversation) return 'gone';
    if (conversation.status !== 'active') return 'gone';
    // Thrown, so the delete above rolls back: the timer is kept, set aside with why.
    const event = parseTimerEvent(claimed.event);
    if (!event.success) throw new HopelessTimer(`Timer ${timer.id} has a malformed event: ${summarizeIssues(event.error)}`);
    const channel = await pickConversationChannel(tx, { workerId: conversation.worker_id, assignmentId: conversation.worker_assignment_id });
    if (!channel) throw new Error(`Organization ${timer.organization_id} has no channel to reach worker ${conversation.worker_id}`);
    await advanceConversation({
      em: tx,
      conversation,
      event: { ...event.data, at },
      channelId: channel.channelId,
      priority: 'proactive',
    });
    return 'fired';
  });
}

/** A busy worker's timer goes back for the next tick (its claim shortened, not dropped, so this drain moves on). */
async function holdBusyTimer(deps: EngineDependencies, timer: ClaimedTimer, claimedUntil: Date, at: number): Promise<void> {
  await scopedSql(
    forOrganization(deps.orm.em, timer.organization_id),
    'update timers set claimed_until = :hold where organization_id = :organization_id and id = :id and claimed_until = :claimedUntil',
    { id: timer.id, claimedUntil, hold: new Date(at + timerRetryPolicy.busyHoldMs) },
  );
}

export interface TimerTickResult {
  /** Timers this instance claimed: the tick's batch (a full batch means more may be due). */
  claimed: number;
  fired: number;
  /** Due timers left for the next tick because their worker was busy. */
  busy: number;
  /** Steps that failed: retried later (back-off), or set aside. */
  failed: number;
  setAside: number;
}

/**
 * One timer tick, safe on any number of instances at once: claims up to `limit` timers due by the
 * clock's now (oldest first; others' claims skipped) and fires each through the engine's step in
 * its own transaction. A step that fails counts an attempt and is retried with back-off, then set
 * aside (`timerRetryPolicy`), so a timer that always fails never holds back the others.
 */
export async function fireDueTimers(deps: EngineDependencies, limit = 500): Promise<TimerTickResult> {
  const at = deps.clock.now();
  const claimedUntil = new Date(at + timerRetryPolicy.leaseMs);
  const due = await claimDueTimers(asSystem(deps.orm.em, 'timer tick'), new Date(at), claimedUntil, limit);
  const result: TimerTickResult = { claimed: due.length, fired: 0, busy: 0, failed: 0, setAside: 0 };
  for (const timer of due) {
    try {
      const outcome = await fireTimer(deps, timer, claimedUntil, at);
      if (outcome === 'fired') result.fired++;
      if (outcome === 'busy') {
        result.busy++;
        await holdBusyTimer(deps, timer, claimedUntil, at);
      }
    } catch (error) {
      result.failed++;
      const message = error instanceof Error ? error.message : String(error);
      try {
        const hopeless = error instanceof HopelessTimer;
        const recorded = await recordTimerFailure(forOrganization(deps.orm.em, timer.organization_id), timer.id, claimedUntil, new Date(at), message, hopeless);
        if (recorded?.setAside) result.setAside++;
        deps.logger.error({ timerId: timer.id, organizationId: timer.organization_id, err: message, setAside: recorded?.setAside ?? false }, recorded?.setAside ? (hopeless ? 'timer cannot fire as stored; set aside' : 'timer failed too often; set aside') : 'timer failed; retried later');
      } catch (recordError) {
        // The claim's lease ends on its own: the timer is retried then.
        deps.logger.error({ timerId: timer.id, err: message, recordErr: recordError instanceof Error ? recordError.message : String(recordError) }, 'timer failed; its failure could not be recorded');
      }
    }
  }
  return result;
}
