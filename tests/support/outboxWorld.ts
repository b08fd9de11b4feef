import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import type { ChannelKind, OutboundMessage } from '../../src/channels/channelTypes';
import { createSecretBox } from '../../src/secrets/secretBox';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { defaultDeliveryPolicy, type DeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import type { DispatchDependencies } from '../../src/delivery/dispatchOnce';
import { createLogger } from '../../src/logging/createLogger';
import { createOrganization, createWorker } from './factories';
import { ManualClock } from './manualClock';
import type { TestDatabase } from './testDatabase';

export const TEST_TWILIO_SID = `AC${'a1'.repeat(16)}`;

export interface ConsoleSend {
  channelId: string;
  message: OutboundMessage;
  /** Business time of the send (the manual clock). */
  at: number;
}

export interface OutboxWorldOptions {
  twilioBaseUrl?: string;
  graphBaseUrl?: string;
  policy?: Partial<DeliveryPolicy>;
  /** Business time to start at, epoch ms. */
  start?: number;
  /** Share another world's clock (an engine world's). */
  clock?: ManualClock;
}

/**
 * A database with a registry (console sends recorded with the manual clock's time), organizations,
 * channels and workers made on demand, and outbox rows queued directly (as the engine or a
 * broadcast would), for driving the dispatcher step by step.
 */
export function createOutboxWorld(db: TestDatabase, options: OutboxWorldOptions = {}) {
  const clock = options.clock ?? new ManualClock(options.start);
  const encryptionKey = randomBytes(32).toString('hex');
  const secretBox = createSecretBox(encryptionKey);
  const consoleSends: ConsoleSend[] = [];
  const registry = createChannelRegistry({
    loadTemplates: loadRegisteredTemplates,
    secretBox,
    twilioBaseUrl: options.twilioBaseUrl,
    graphBaseUrl: options.graphBaseUrl,
    consoleSink: (channelId, message) => {
      consoleSends.push({ channelId, message, at: clock.now() });
    },
  });
  const deps: DispatchDependencies = {
    orm: db.orm,
    hot: db.hot,
    clock,
    logger: createLogger('silent'),
    registry,
    policy: { ...defaultDeliveryPolicy, ...options.policy },
    random: () => 0.5,
  };
  const system = (): EntityManager => asSystem(db.orm.em, 'test');

  return {
    clock,
    deps,
    registry,
    consoleSends,
    secretBox,
    /** The key channel secrets are sealed with (hex), for child processes. */
    encryptionKey,
    async organization(settings: Record<string, unknown> = {}) {
      const org = await createOrganization(system());
      if (Object.keys(settings).length > 0) {
        await scopedSql(system(), 'update organizations set settings = :settings::jsonb where id = :id', { id: org.id, settings: JSON.stringify(settings) });
      }
      return org.id;
    },
    async channel(organizationId: string, kind: ChannelKind, settings: Record<string, unknown> = {}, secrets?: Record<string, string>) {
      const id = randomUUID();
      const address = kind === 'cloud_api' ? String(settings.phoneNumberId) : kind === 'twilio' ? String(settings.from) : `console:${id}`;
      await scopedSql(
        system(),
        `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext)
         values (:id, :org, :kind, :name, :address, :settings::jsonb, :secrets)`,
        { id, org: organizationId, kind, name: `${kind} channel`, address, settings: JSON.stringify(settings), secrets: secrets ? secretBox.seal(secrets, id) : null },
      );
      return id;
    },
    async worker(organizationId: string, fields: { phoneNumber?: string; timezone?: string } = {}) {
      const worker = await createWorker(system(), organizationId, fields.phoneNumber ? { phoneNumber: fields.phoneNumber } : {});
      if (fields.timezone) await scopedSql(system(), 'update workers set timezone = :tz where id = :id', { id: worker.id, tz: fields.timezone });
      return { id: worker.id, phone: worker.phoneNumber as string };
    },
    /** The worker wrote at `at` (default now): opens their 24-hour window on the channel. */
    async inbound(organizationId: string, channelId: string, workerId: string, at = clock.now()) {
      await scopedSql(
        forOrganization(db.orm.em, organizationId),
        `insert into messages (organization_id, channel_id, worker_id, direction, body, status, provider_message_id, created_at)
         values (:organization_id, :channel, :worker, 'inbound', 'hi', 'received', :pid, :at)`,
        { channel: channelId, worker: workerId, pid: `in-${randomUUID()}`, at: new Date(at) },
      );
    },
    /** Queues one outbound message (as the engine would) and returns its id. */
    async queue(organizationId: string, channelId: string, workerId: string, fields: { body?: string; priority?: number; payload?: Record<string, unknown>; conversationId?: string } = {}) {
      const [row] = await scopedSql<{ id: string }>(
        forOrganization(db.orm.em, organizationId),
        `insert into messages (organization_id, channel_id, worker_id, conversation_id, direction, body, payload, status, priority, created_at)
         values (:organization_id, :channel, :worker, :conversation, 'outbound', :body, :payload::jsonb, 'queued', :priority, :at) returning id`,
        {
          channel: channelId,
          worker: workerId,
          conversation: fields.conversationId ?? null,
          body: fields.body ?? 'hello',
          payload: JSON.stringify(fields.payload ?? {}),
          priority: fields.priority ?? 1,
          at: new Date(clock.now()),
        },
      );
      return row.id;
    },
    /** Queues `count` bulk messages to one worker each (workers made with one INSERT … SELECT). */
    async queueBulk(organizationId: string, channelId: string, count: number, firstPhone: number) {
      const em = forOrganization(db.orm.em, organizationId);
      await scopedSql(
        em,
        `insert into workers (organization_id, full_name, phone_number, attributes)
         select :organization_id, 'Bulk ' || n, '+' || (:first::bigint + n)::text, '{}' from generate_series(1, :count::int) n`,
        { first: firstPhone, count },
      );
      await scopedSql(
        em,
        `insert into messages (organization_id, channel_id, worker_id, direction, body, status, priority, created_at)
         select :organization_id, :channel, w.id, 'outbound', 'Broadcast', 'queued', 2, :at
           from workers w where w.organization_id = :organization_id and w.full_name like 'Bulk %' order by w.phone_number`,
        { channel: channelId, at: new Date(clock.now()) },
      );
    },
    async message(id: string) {
      const [row] = await scopedSql<{
        status: string;
        attempts: number;
        error_code: string | null;
        error_reason: string | null;
        provider_message_id: string | null;
        sent_at: Date | null;
        delivered_at: Date | null;
        read_at: Date | null;
        possibly_duplicate: boolean;
        next_attempt_at: Date | null;
      }>(system(), 'select * from messages where id = :id', { id });
      return row;
    },
    async sql<Row extends object>(query: string, params: Record<string, string | number | null> = {}) {
      return scopedSql<Row>(system(), query, params);
    },
  };
}

export type OutboxWorld = ReturnType<typeof createOutboxWorld>;
