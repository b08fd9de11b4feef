import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from './columns';
import { Conversation } from './Conversation';
import { unindexedOrganizationId } from './organizationColumn';

/**
 * A delayed machine event (pacing, reminder, timeout). A row that exists is live: the machine's
 * `xstate.cancel` deletes it in the transaction that decided so.
 */
export const Timer = defineEntity({
  name: 'Timer',
  tableName: 'timers',
  properties: {
    id: uuidPrimaryKey(),
    organization: unindexedOrganizationId(),
    conversation: p.manyToOne(Conversation).mapToPk().deleteRule('cascade'),
    /** XState send id (`xstate.after.…` or the machine's own id such as `reminder`). */
    sendId: p.string().length(255),
    /** The event to replay, exactly as the machine handed it out. */
    event: p.json<Record<string, unknown>>(),
    dueAt: p.datetime(),
    createdAt: p.datetime(),
    /** Failed steps so far; each failure moves `dueAt` later (back-off). */
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    /** Failed too often: no longer fired, listed for the organization's admins. */
    setAsideAt: p.datetime().nullable(),
    /** An instance claimed the timer until then (its lease); another instance may claim it after. */
    claimedUntil: p.datetime().nullable(),
  },
  uniques: [{ name: 'timers_conversation_send_id_unique', properties: ['conversation', 'sendId'] }],
  // Its indexes are partial, written in migrations only: Migration20261206030000_timerRetries.
});
export type ITimer = InferEntity<typeof Timer>;
