import type { MachineEvent } from '../blueprints/machineContract';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { advanceConversation } from './advanceConversation';
import type { EngineDependencies } from './engineDependencies';
import { lockConversation } from './lockActiveConversation';
import { lastInboundAt, pickWorkerChannel } from './pickWorkerChannel';
import { WINDOW_MS } from './startConversation';

interface DueTimer {
  id: string;
  organization_id: string;
  conversation_id: string;
}

/**
 * Fires one due timer through the same path as an inbound message, in its own transaction. The
 * timer row is deleted there: if another instance or an answer got to it first, nothing happens.
 */
async function fireTimer(deps: EngineDependencies, timer: DueTimer, at: number): Promise<boolean> {
  return forOrganization(deps.orm.em, timer.organization_id).transactional(async (tx) => {
    const conversation = await lockConversation(tx, timer.conversation_id);
    const [claimed] = await scopedSql<{ event: Record<string, unknown> }>(
      tx,
      'delete from timers where organization_id = :organization_id and id = :id returning event',
      { id: timer.id },
    );
    if (!claimed || !conversation || conversation.status !== 'active') return false;
    const channelId = await pickWorkerChannel(tx, conversation.worker_id);
    if (!channelId) throw new Error(`Organization ${timer.organization_id} has no channel to reach worker ${conversation.worker_id}`);
    const lastInbound = await lastInboundAt(tx, conversation.worker_id);
    await advanceConversation({
      em: tx,
      conversation,
      event: { ...claimed.event, at } as MachineEvent,
      channelId,
      priority: 'proactive',
      windowOpen: lastInbound !== undefined && at - lastInbound < WINDOW_MS,
    });
    return true;
  });
}

/** Fires every timer due by the clock's now (at most `limit`), oldest first. Returns how many fired. */
export async function fireDueTimers(deps: EngineDependencies, limit = 500): Promise<number> {
  const at = deps.clock.now();
  const due = await scopedSql<DueTimer>(
    asSystem(deps.orm.em, 'timer tick'),
    'select id, organization_id, conversation_id from timers where due_at <= :now order by due_at limit :limit',
    { now: new Date(at), limit },
  );
  let fired = 0;
  for (const timer of due) {
    if (await fireTimer(deps, timer, at)) fired++;
  }
  return fired;
}
