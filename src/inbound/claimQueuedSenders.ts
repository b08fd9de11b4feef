import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { inboundMessageSchema } from '../channels/channelTypes';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';
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

/** Serializes claims across instances: two claims never pick one sender's rows at once. */
const claimLockKey = 'inbound_queue/claim';

/**
 * Deletes the rows whose step committed (`done`), then claims every queued message of up to
 * `senders` senders none of whose rows is under a lease, oldest first, until `until`. The claim
 * runs under a transaction-scoped advisory lock, after which it reads every commit before it: a
 * sender's rows are all held by one processor or by none, so one sender's messages never run at
 * once anywhere, and a message queued while its sender is held waits for the holder to finish.
 * Rows of a crashed instance come free when their lease ends.
 */
export async function claimQueuedSenders(system: EntityManager, claim: { done: string[]; holder: string; now: Date; until: Date; senders: number }): Promise<ClaimedSender[]> {
  const rows = await system.transactional(async (tx) => {
    await scopedSql(tx, `with done as (delete from inbound_queue where id = any(:done::bigint[])) select pg_advisory_xact_lock(hashtextextended(:key, 0))`, {
      done: toArrayLiteral(claim.done),
      key: claimLockKey,
    });
    if (claim.senders === 0) return [];
    return scopedSql(
      tx,
      `update inbound_queue q set claimed_by = :holder, claimed_until = :until
         from (select f.organization_id, f.sender from inbound_queue f
                where (f.claimed_until is null or f.claimed_until <= :now)
                  and not exists (select 1 from inbound_queue h
                                   where h.organization_id = f.organization_id and h.sender = f.sender and h.claimed_until > :now)
                group by f.organization_id, f.sender order by min(f.id) limit :senders) free
        where q.organization_id = free.organization_id and q.sender = free.sender
        returning q.id::text, q.organization_id, q.channel_id, q.sender, q.message,
                  round(extract(epoch from q.received_at) * 1000)::float8 as received_at`,
      { holder: claim.holder, now: claim.now, until: claim.until, senders: claim.senders },
    );
  });
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
