import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { z } from 'zod';
import { inboundMessageSchema } from '../channels/channelTypes';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';
import { runPipelined } from '../hotPath/pipelinedQuery';
import { withPoolClient } from '../hotPath/withPoolClient';
import { summarizeIssues } from '../text/summarizeIssues';
import { toArrayLiteral } from '../db/toArrayLiteral';

const claimedRowSchema = z.object({
  id: z.string(),
  organization_id: z.string(),
  channel_id: z.string(),
  sender: z.string(),
  message: z.unknown(),
  received_at: z.number(),
});

/** A queued message this processor holds, read back through the message's schema (or why it cannot be used). */
export interface ClaimedMessage {
  id: string;
  channel: { id: string; organizationId: string };
  message: z.infer<typeof inboundMessageSchema> | { unreadable: string; raw: unknown };
  /** When the webhook was received, epoch ms: the step runs at that time. */
  receivedAt: number;
}

/** One sender's queued messages, in arrival order: run one at a time. */
export interface ClaimedSender {
  key: string;
  messages: ClaimedMessage[];
}

/**
 * The claim's transaction starts with the lock: it serializes claims across instances, so two
 * claims never pick one sender's rows at once. It rides ahead of the claim in its pipeline as a
 * plain statement, so it answers no row, as a pipeline's plain statements must (`offset 0` keeps
 * the call in the subquery, made before the filter).
 */
export const claimLock = `select from (select pg_advisory_xact_lock(hashtextextended('inbound_queue/claim', 0))::text as taken offset 0) lock where lock.taken is null`;

/**
 * The lock, then the setting that keeps the claim's plan on the indexes: a plan made while the
 * queue was nearly empty scans the table, and is kept once a backlog and its dead rows have filled
 * it. The intake's own connections run with the setting already (`openIntakePool`); the ORM's
 * transaction sets it locally. (A `DO` block holding both cost PostgreSQL a PL/pgSQL compilation
 * on every claim.)
 */
export const claimLockStatements = [claimLock, 'set local enable_seqscan = off'] as const;

/** Whether queued row `f` may be claimed: no lease on it or on any other row of its sender (the rows done count as gone). */
const claimableRow = `(f.claimed_until is null or f.claimed_until <= :now) and f.id <> all(:done::bigint[])
              and not exists (select 1 from inbound_queue h
                               where h.organization_id = f.organization_id and h.sender = f.sender and h.claimed_until > :now
                                 and h.id <> all(:done::bigint[]) offset 0)`;

/**
 * Deletes the rows whose step committed and claims the free senders' rows, in one statement: the
 * rows done count as gone already (neither claimed again nor holding their sender). The free
 * senders are found by walking the queue in id order, one step per sender, each step starting
 * after the last sender's first row and skipping the senders taken: a claim reads the rows up to
 * its last sender's first one, not the whole backlog. The held-sender check (`offset 0`: kept a
 * subquery, not made a join) and the update (by id, of each free sender's rows looked up through
 * a lateral subquery that `order by` keeps from becoming a join) read the sender index one sender
 * at a time whatever the statistics: as joins, they could be hashed over the whole table.
 */
const claimSql = `with recursive done as (delete from inbound_queue where id = any(:done::bigint[])),
  free (organization_id, sender, id, taken, taken_organizations, taken_senders) as (
    (select f.organization_id, f.sender, f.id, 1, array[f.organization_id], array[f.sender] from inbound_queue f
      where :senders::int > 0 and ${claimableRow}
      order by f.id limit 1)
    union all
    (select f.organization_id, f.sender, f.id, p.taken + 1, p.taken_organizations || f.organization_id, p.taken_senders || f.sender
       from free p
       cross join lateral (select f.organization_id, f.sender, f.id from inbound_queue f
                            where f.id > p.id and ${claimableRow}
                              and not exists (select 1 from unnest(p.taken_organizations, p.taken_senders) as t(organization_id, sender)
                                               where t.organization_id = f.organization_id and t.sender = f.sender)
                            order by f.id limit 1) f
      where p.taken < :senders::int))
  update inbound_queue q set claimed_by = :holder, claimed_until = :until
   where q.id = any(array(select s.id from free
                            cross join lateral (select s.id from inbound_queue s
                                                 where s.organization_id = free.organization_id and s.sender = free.sender and s.id <> all(:done::bigint[])
                                                 order by s.id) s))
  returning q.id::text, q.organization_id, q.channel_id, q.sender, q.message,
            round(extract(epoch from q.received_at) * 1000)::float8 as received_at`;

const claimParameters = ['done', 'now', 'senders', 'holder', 'until'] as const;
/** The claim as a prepared statement of the intake's own connections (`$1`… in `claimParameters`' order). */
export const claimStatement = {
  name: 'inbound_queue_claim',
  text: claimSql.replace(/(?<![:\w]):(done|now|senders|holder|until)\b/g, (_m, name: (typeof claimParameters)[number]) => `$${claimParameters.indexOf(name) + 1}`),
};

export interface QueueClaim {
  done: string[];
  holder: string;
  now: Date;
  until: Date;
  senders: number;
}

/**
 * Deletes the rows whose step committed (`done`), then claims every queued message of up to
 * `senders` senders none of whose rows is under a lease, oldest first, until `until`. The claim
 * runs under a transaction-scoped advisory lock, after which it reads every commit before it: a
 * sender's rows are all held by one processor or by none, so one sender's messages never run at
 * once anywhere, and a message queued while its sender is held waits for the holder to finish.
 * Rows of a crashed instance come free when their lease ends. On the intake's own connections
 * (`pool`, a real server) BEGIN, the lock, the claim and COMMIT go in one round trip; else on the
 * ORM's, one statement at a time.
 */
export async function claimQueuedSenders(via: { system: EntityManager } | { pool: pg.Pool }, claim: QueueClaim): Promise<ClaimedSender[]> {
  const done = toArrayLiteral(claim.done);
  let rows: Record<string, unknown>[];
  if ('pool' in via) {
    // An error anywhere in the batch rolled it back; the connection is not trusted again (`withPoolClient`).
    rows = await withPoolClient(via.pool, (client) =>
      runPipelined(client, claimStatement, [done, claim.now, claim.senders, claim.holder, claim.until], { before: ['BEGIN', claimLock], after: ['COMMIT'] }));
  } else {
    rows = await via.system.transactional(async (tx) => {
      for (const statement of claimLockStatements) await scopedSql(tx, statement);
      return scopedSql(tx, claimSql, { done, now: claim.now, senders: claim.senders, holder: claim.holder, until: claim.until });
    });
  }
  const bySender = new Map<string, ClaimedMessage[]>();
  for (const row of parseRows(claimedRowSchema, rows, 'queued inbound message').sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)))) {
    const parsed = inboundMessageSchema.safeParse(row.message);
    const key = `${row.organization_id} ${row.sender}`;
    const messages = bySender.get(key) ?? [];
    messages.push({
      id: row.id,
      channel: { id: row.channel_id, organizationId: row.organization_id },
      message: parsed.success ? parsed.data : { unreadable: `queued message ${row.id} does not parse: ${summarizeIssues(parsed.error)}`, raw: row.message },
      receivedAt: row.received_at,
    });
    bySender.set(key, messages);
  }
  return [...bySender].map(([key, messages]) => ({ key, messages }));
}
