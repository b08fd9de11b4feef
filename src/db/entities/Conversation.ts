import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { JourneyBlueprint } from './JourneyBlueprint';
import { organizationId } from './organizationColumn';
import { Worker } from './Worker';
import { WorkerAssignment } from './WorkerAssignment';

export const conversationStatuses = ['active', 'completed', 'ended'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/**
 * One worker playing one blueprint version of one assignment. The machine's persisted snapshot
 * lives here; `version` counts transitions, so lost updates show as gaps.
 */
export const Conversation = defineEntity({
  name: 'Conversation',
  tableName: 'conversations',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    worker: p.manyToOne(Worker).mapToPk().deleteRule('cascade'),
    workerAssignment: p.manyToOne(WorkerAssignment).mapToPk().deleteRule('cascade'),
    /** The pinned blueprint version. */
    journeyBlueprint: p.manyToOne(JourneyBlueprint).mapToPk().deleteRule('cascade'),
    status: p.string().length(20).$type<ConversationStatus>().default('active'),
    /** XState persisted snapshot, with the format version in `snapshotFormat`. */
    snapshot: p.json<Record<string, unknown>>(),
    snapshotFormat: p.integer().default(1),
    version: p.integer().default(0),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    ...timestamps(),
  },
  indexes: [{ name: 'conversations_assignment_index', properties: ['workerAssignment'] }],
  checks: [{ name: 'conversations_status_check', expression: `status in ('active', 'completed', 'ended')` }],
});
export type IConversation = InferEntity<typeof Conversation>;
