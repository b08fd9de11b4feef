import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initialTransition } from 'xstate';
import { computeWaitDelay } from '../blueprints/computeWaitDelay';
import { scopedSql } from '../db/tenancy/scopedSql';
import { eventsForStep } from '../events/eventsForStep';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { recordStepLedger } from '../gamification/recordStepLedger';
import { executeMachineActions } from './executeMachineActions';
import { loadBlueprintMachine } from './loadBlueprintMachine';
import { loadWorkerFacts } from './loadWorkerFacts';
import type { ConversationChannel } from './pickConversationChannel';
import { saveConversationStep } from './saveConversationStep';
import { SNAPSHOT_FORMAT } from './snapshotFormat';

export interface ConversationStart {
  workerId: string;
  assignmentId: string;
  /** The pinned blueprint version. */
  blueprintId: string;
  /** Where its messages go out, and the worker's window there (pickConversationChannel). */
  channel: ConversationChannel;
  enrolledAt: number;
  /** Business time, epoch ms. */
  at: number;
  /** Variants chosen by hand (the simulator's author) instead of the worker's assignments. */
  variants?: Record<string, string>;
}

/**
 * Starts a conversation: `initialTransition()` and its actions (the first touchpoint goes out,
 * as its template when the worker's 24-hour window is closed at send time). Returns the conversation id and
 * whether the journey already finished.
 */
export async function startConversation(em: EntityManager, start: ConversationStart): Promise<{ conversationId: string; done: boolean }> {
  const blueprint = await loadBlueprintMachine(em, start.blueprintId);
  const experimentKeys = [...new Set([...blueprint.variantDecisions.values()].flat())];
  const facts = await loadWorkerFacts(em, {
    workerId: start.workerId,
    assignmentId: start.assignmentId,
    enrolledAt: start.enrolledAt,
    blueprintLanguage: blueprint.document.blueprint.defaultLanguage,
    experimentKeys: start.variants ? [] : experimentKeys,
    at: start.at,
  });
  const worker = start.variants ? { ...facts, variants: start.variants } : facts;
  // A delivery policy's send time holds the journey's first message (and counts its timers) from that local time.
  const sendAt = worker.delivery?.sendAt;
  const at = sendAt === undefined ? start.at : start.at + computeWaitDelay({ until: sendAt }, start.at, worker.timezone, start.enrolledAt);
  const [snapshot, actions] = initialTransition(blueprint.machine, { worker, at });
  const conversationId = randomUUID();
  await scopedSql(
    em,
    `insert into conversations (id, organization_id, worker_id, worker_assignment_id, journey_blueprint_id, status, snapshot, snapshot_format, version, started_at)
     values (:id, :organization_id, :worker, :assignment, :blueprint, 'active', '{}', :format, 0, :at)`,
    { id: conversationId, worker: start.workerId, assignment: start.assignmentId, blueprint: start.blueprintId, format: SNAPSHOT_FORMAT, at: new Date(start.at) },
  );
  await executeMachineActions(
    {
      em,
      conversationId,
      workerId: start.workerId,
      assignmentId: start.assignmentId,
      channelId: start.channel.channelId,
      touchpointIds: blueprint.touchpointIds,
      variantDecisions: blueprint.variantDecisions,
      at,
      ...(at > start.at ? { notBefore: at } : {}),
      gamification: worker.delivery?.gamification !== false,
      priority: 'proactive',
    },
    actions,
  );
  await insertDomainEvents(em, eventsForStep(actions, { conversationId, workerId: start.workerId, journeyKey: blueprint.document.blueprint.key, at }));
  await recordStepLedger(em, { conversationId, workerId: start.workerId, assignmentId: start.assignmentId, document: blueprint.document, at, timezone: worker.timezone, gamification: worker.delivery?.gamification !== false }, actions);
  await saveConversationStep(em, conversationId, snapshot, start.at);
  return { conversationId, done: snapshot.status === 'done' };
}
