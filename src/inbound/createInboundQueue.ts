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
   * INSERTs in flight at once. Default `INSERTS_AT_ONCE_ON_A_SERVER` with `pool`, else 1 (the
   * embedded database runs one statement at a time anyway).
   */
  insertsAtOnce?: number;
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

/** The queue's INSERTs in flight at once on a real server: PostgreSQL commits them together (one WAL flush can cover both). */
export const INSERTS_AT_ONCE_ON_A_SERVER = 2;

type InsertedRow = { channel_id: string; provider_message_id: string };

/**
 * Makes verified inbound messages durable in `inbound_queue`, in arrival order, with group
 * commit: messages handed over while the INSERTs are in flight go together in the next one, so
 * concurrent webhooks cost one statement between them, and each caller's promise resolves when
 * the statement holding its message committed (autocommit). Up to `insertsAtOnce` INSERTs run at
 * once, so a webhook arriving during a slow commit waits for its own commit, not for that one
 * first; a message whose sender has rows in an INSERT still in flight waits for it (with every
 * later message of that sender), so a sender's rows get identities in arrival order. A batch
 * refused as a whole is tried again message by message, so one message's own fault never fails
 * its neighbours.
 */
export function createInboundQueue(options: InboundQueueOptions) {
  const maxBatch = options.maxBatch ?? 500;
  const { pool } = options;
  const insertsAtOnce = options.insertsAtOnce ?? (pool ? INSERTS_AT_ONCE_ON_A_SERVER : 1);
  const em = () => asSystem(options.deps.orm.em, 'queue verified inbound messages');
  const insertRows = async (batch: string): Promise<InsertedRow[]> =>
    pool
      ? (await pool.query<InsertedRow>({ name: 'inbound_queue_insert', text: insertBatch('$1'), values: [batch] })).rows
      : scopedSql<InsertedRow>(em(), insertBatch(':batch'), { batch });
  let waiting: Waiting[] = [];
  let inFlight = 0;
  const sendersInFlight = new Set<string>();
  let pumpDue = false;

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

  const write = async (batch: Waiting[]): Promise<void> => {
    try {
      await insert(batch);
    } catch (error) {
      if (batch.length === 1) batch[0].settle({ ok: false, error });
      else for (const item of batch) await insertAlone(item);
    }
  };

  /** The waiting messages, in arrival order, whose sender has nothing in flight; the rest keep waiting. */
  const takeBatch = (): Waiting[] => {
    const batch: Waiting[] = [];
    const left: Waiting[] = [];
    const held = new Set(sendersInFlight);
    for (const item of waiting) {
      if (batch.length < maxBatch && !held.has(item.message.from)) batch.push(item);
      else {
        left.push(item);
        held.add(item.message.from);
      }
    }
    waiting = left;
    return batch;
  };

  const pump = (): void => {
    pumpDue = false;
    while (inFlight < insertsAtOnce && waiting.length > 0) {
      const batch = takeBatch();
      // Every sender waiting has rows in flight: the INSERT holding them starts the next when it ends.
      if (batch.length === 0) return;
      const senders = new Set(batch.map((item) => item.message.from));
      inFlight++;
      for (const sender of senders) sendersInFlight.add(sender);
      void write(batch).finally(() => {
        inFlight--;
        for (const sender of senders) sendersInFlight.delete(sender);
        pump();
      });
    }
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
        if (pumpDue || inFlight >= insertsAtOnce) return;
        pumpDue = true;
        // Wait for this turn of the event loop, so the messages of one request and of the requests read together share the statement.
        setImmediate(pump);
      });
    },
  };
}

export type InboundQueue = ReturnType<typeof createInboundQueue>;
