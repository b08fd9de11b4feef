import type pg from 'pg';
import type { InboundMessage } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import type { ChannelRef } from '../engine/engineRows';
import { stripUnstorableValues } from '../text/stripUnstorableValues';

/** Whether a message was queued now, or was already waiting in the queue (a provider retry). */
export type Enqueued = 'queued' | 'duplicate';

interface Waiting {
  channel: ChannelRef;
  message: InboundMessage;
  receivedAt: number;
  settle: (result: { ok: true; value: Enqueued } | { ok: false; error: unknown }) => void;
}

export interface InboundQueueOptions {
  deps: Pick<EngineDependencies, 'orm'>;
  /** Called after rows were queued, with how long their INSERT took (ms): the processor's `wake`. */
  onQueued: (insertMs: number) => void;
  /** Most messages in one INSERT. Default 500. */
  maxBatch?: number;
  /**
   * The intake's own connections (`openIntakePool`, a real server): the INSERTs then go there as a
   * prepared statement, so a webhook is acknowledged whatever holds the engine's pools (a
   * backlog's steps, the dispatcher, the API). Without it (the embedded database, tests) they use the ORM's pool.
   */
  pool?: pg.Pool;
}

const insertBatch = (batch: string) => `insert into inbound_queue (organization_id, channel_id, sender, provider_message_id, message, received_at)
  select (e.value->>'organizationId')::uuid, (e.value->>'channelId')::uuid, e.value->'message'->>'from', e.value->'message'->>'providerMessageId',
         e.value->'message', to_timestamp((e.value->>'receivedAt')::double precision / 1000)
    from jsonb_array_elements(${batch}::jsonb) with ordinality as e(value, n)
   order by e.n
  on conflict (channel_id, provider_message_id) do nothing
  returning channel_id::text, provider_message_id`;

type InsertedRow = { channel_id: string; provider_message_id: string };

/**
 * Makes verified inbound messages durable in `inbound_queue`, in arrival order, with group
 * commit: messages handed over while an INSERT is in flight go together in the next one, so
 * concurrent webhooks cost one statement between them, and each caller's promise resolves when
 * the statement holding its message committed (autocommit). A batch refused as a whole is tried
 * again message by message, so one message's own fault never fails its neighbours.
 */
export function createInboundQueue(options: InboundQueueOptions) {
  const maxBatch = options.maxBatch ?? 500;
  const em = () => asSystem(options.deps.orm.em, 'queue verified inbound messages');
  const { pool } = options;
  const insertRows = async (batch: string): Promise<InsertedRow[]> =>
    pool
      ? (await pool.query<InsertedRow>({ name: 'inbound_queue_insert', text: insertBatch('$1'), values: [batch] })).rows
      : scopedSql<InsertedRow>(em(), insertBatch(':batch'), { batch });
  let waiting: Waiting[] = [];
  let flushing = false;

  const insert = async (batch: Waiting[]): Promise<void> => {
    const rows = batch.map(({ channel, message, receivedAt }) => ({ organizationId: channel.organizationId, channelId: channel.id, message, receivedAt }));
    const startedAt = performance.now();
    const inserted = await insertRows(JSON.stringify(rows));
    const fresh = new Set(inserted.map((row) => `${row.channel_id} ${row.provider_message_id}`));
    for (const item of batch) {
      const key = `${item.channel.id} ${item.message.providerMessageId}`;
      item.settle({ ok: true, value: fresh.delete(key) ? 'queued' : 'duplicate' });
    }
    if (inserted.length > 0) options.onQueued(performance.now() - startedAt);
  };

  const insertAlone = (item: Waiting) => insert([item]).catch((error: unknown) => item.settle({ ok: false, error }));

  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      try {
        await insert(batch);
      } catch (error) {
        if (batch.length === 1) batch[0].settle({ ok: false, error });
        else for (const item of batch) await insertAlone(item);
      }
    }
    flushing = false;
  };

  return {
    /** Queues one verified message, received at `receivedAt` (epoch ms); resolves once it is committed. */
    enqueue(channel: ChannelRef, message: InboundMessage, receivedAt: number): Promise<Enqueued> {
      return new Promise<Enqueued>((resolve, reject) => {
        waiting.push({
          channel,
          message: stripUnstorableValues(message),
          receivedAt,
          settle: (result) => (result.ok ? resolve(result.value) : reject(result.error)),
        });
        if (flushing) return;
        flushing = true;
        // Wait for this turn of the event loop, so the messages of one request and of the requests read together share the statement.
        setImmediate(() => void flush());
      });
    },
  };
}

export type InboundQueue = ReturnType<typeof createInboundQueue>;
