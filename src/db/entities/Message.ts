import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Channel } from './Channel';
import { uuidPrimaryKey } from './columns';
import { Conversation } from './Conversation';
import { organizationId } from './organizationColumn';
import { Worker } from './Worker';

export const messageStatuses = ['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'held'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** Outbound delivery order: replies to the worker's own message first, then proactive, then bulk. */
export const messagePriorities = { reply: 0, proactive: 1, bulk: 2 } as const;

/** The conversation log and the outbox: every inbound and outbound message; partitioned by month of `createdAt` (README "Partitioned history"). */
export const Message = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: uuidPrimaryKey(),
    /** Insertion order (identity column): orders the log and the outbox, and pages the log. */
    seq: p.bigint('number').persist(false).nullable(),
    organization: organizationId(),
    channel: p.manyToOne(Channel).mapToPk().deleteRule('cascade'),
    /** Null for an unknown sender's content-free dedupe row. */
    worker: p.manyToOne(Worker).mapToPk().nullable().deleteRule('cascade'),
    conversation: p.manyToOne(Conversation).mapToPk().nullable().deleteRule('set null'),
    touchpointKey: p.string().length(100).nullable(),
    direction: p.string().length(10).$type<'inbound' | 'outbound'>(),
    body: p.text().nullable(),
    /** Media, choices, template, reply id: the normalized message beyond its text. */
    payload: p.json<Record<string, unknown>>().default('{}'),
    status: p.string().length(20).$type<MessageStatus>(),
    priority: p.smallint().default(0),
    /** Provider id (Twilio MessageSid, Cloud API wamid); inbound ones are deduplicated per channel by inbound_provider_ids. */
    providerMessageId: p.string().length(128).nullable(),
    errorCode: p.string().length(32).nullable(),
    errorReason: p.text().nullable(),
    /** Business time of the message (injected clock): received, or decided. */
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
    failedAt: p.datetime().nullable(),
    /** Send attempts made (the dispatcher's retries). */
    attempts: p.integer().default(0),
    /** Not before this time: a retry's backoff, quiet hours, a rate slot, a scheduled broadcast. */
    nextAttemptAt: p.datetime().nullable(),
    /** When an instance claimed the row for sending; a stale claim is a crashed send. */
    claimedAt: p.datetime().nullable(),
    /** Resent after a send whose outcome was unknown: the worker may have it twice. */
    possiblyDuplicate: p.boolean().default(false),
    /** The broadcast this message fans out from. */
    broadcast: p.uuid().fieldName('broadcast_id').nullable(),
    /** Inbound media: pending (fetched off the webhook, at `mediaDueAt`), stored, or failed (`mediaError`). */
    mediaStatus: p.string().length(10).$type<'pending' | 'stored' | 'failed'>().nullable(),
    mediaAttempts: p.smallint().default(0),
    mediaDueAt: p.datetime().nullable(),
    mediaError: p.text().nullable(),
  },
  indexes: [{ name: 'messages_worker_log_index', properties: ['worker', 'seq'] }],
  checks: [
    { name: 'messages_direction_check', expression: `direction in ('inbound', 'outbound')` },
    { name: 'messages_media_status_check', expression: `media_status in ('pending', 'stored', 'failed')` },
    { name: 'messages_status_check', expression: `status in ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'held')` },
  ],
});
export type IMessage = InferEntity<typeof Message>;
