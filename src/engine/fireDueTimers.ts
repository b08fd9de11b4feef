import type { MachineEvent } from '../blueprints/machineContract';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { advanceConversation } from './advanceConversation';
import type { EngineDependencies } from './engineDependencies';
import type { ConversationRow } from './engineRows';
import { pickConversationChannel } from './pickConversationChannel';

interface DueTimer {
  id: string;
  organization_id: string;
  conversation_id: string;
}

type TimerOutcome = 'fired' | 'busy' | 'gone';

/**
 * Fires one timer in its own organization-scoped transaction, unless another instance (or an
 * inbound message of the same worker) holds the worker: the worker row is locked FOR UPDATE SKIP
 * LOCKED (the inbound path locks the worker, then the conversation, in that order), so two
 * instances never fire one timer, and neither waits on the other. A busy timer stays for the next
 * tick; a timer already deleted (fired elsewhere, or cancelled) is gone.
 */
async function fireTimer(deps: EngineDependencies, timer: DueTimer, at: number): Promise<TimerOutcome> {
  return forOrganization(deps.orm.em, timer.organization_id).transactional(async (tx): Promise<TimerOutcome> => {
    const locked = await scopedSql(
      tx,
      `select w.id from workers w join conversations c on c.worker_id = w.id
        where c.organization_id = :organization_id and c.id = :conversation for update of w skip locked`,
      { conversation: timer.conversation_id },
    );
    if (locked.length === 0) return 'busy';
    const [conversation] = await scopedSql<ConversationRow & { status: string }>(
      tx,
      `select id, organization_id, worker_id, worker_assignment_id, journey_blueprint_id, snapshot, snapshot_format, version, status
         from conversations where organization_id = :organization_id and id = :conversation for update`,
      { conversation: timer.conversation_id },
    );
    const [claimed] = await scopedSql<{ event: Record<string, unknown> }>(
      tx,
      'delete from timers where organization_id = :organization_id and id = :id and due_at <= :at returning event',
      { id: timer.id, at: new Date(at) },
    );
    if (!claimed || !conversation) return 'gone';
    if (conversation.status !== 'active') return 'gone';
    const channel = await pickConversationChannel(tx, { workerId: conversation.worker_id, assignmentId: conversation.worker_assignment_id });
    if (!channel) throw new Error(`Organization ${timer.organization_id} has no channel to reach worker ${conversation.worker_id}`);
    await advanceConversation({
      em: tx,
      conversation,
      event: { ...claimed.event, at } as MachineEvent,
      channelId: channel.channelId,
      priority: 'proactive',
    });
    return 'fired';
  });
}

export interface TimerTickResult {
  fired: number;
  /** Due timers left for the next tick because their worker was busy. */
  busy: number;
  failed: number;
}

/**
 * One timer tick, safe on any number of instances at once: every timer due by the clock's now (at
 * most `limit`, oldest first) is fired through the engine's step, each in its own transaction.
 * A timer whose step fails is logged and retried next tick.
 */
export async function fireDueTimers(deps: EngineDependencies, limit = 500): Promise<TimerTickResult> {
  const at = deps.clock.now();
  const due = await scopedSql<DueTimer>(
    asSystem(deps.orm.em, 'timer tick'),
    `select t.id, t.organization_id, t.conversation_id from timers t
      where t.due_at <= :now
        -- a paused program's timers wait; resuming spreads them out (releasePausedTimers)
        and not exists (select 1 from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id
                          join programs p on p.id = wa.program_id where c.id = t.conversation_id and p.status = 'paused')
      order by t.due_at limit :limit`,
    { now: new Date(at), limit },
  );
  const result: TimerTickResult = { fired: 0, busy: 0, failed: 0 };
  for (const timer of due) {
    try {
      const outcome = await fireTimer(deps, timer, at);
      if (outcome === 'fired') result.fired++;
      if (outcome === 'busy') result.busy++;
    } catch (error) {
      result.failed++;
      deps.logger.error({ timerId: timer.id, err: error instanceof Error ? error.message : String(error) }, 'timer failed; retried next tick');
    }
  }
  return result;
}
