import type { EntityManager } from '@mikro-orm/postgresql';
import { toArrayLiteral } from '../db/toArrayLiteral';
import { scopedSql } from '../db/tenancy/scopedSql';
import { recipientPacing } from '../channels/channelPolicy';
import type { OutboxRow } from './outboxRow';
import { backOffRecipient, emptyBucket, takeRecipientToken, type RecipientBucket } from './recipientBucket';

/** One recipient of one channel. */
export interface RecipientKey {
  channelId: string;
  organizationId: string;
  recipient: string;
}

/** The map key of a recipient in `readRecipientBuckets`' answer. */
export const recipientKeyOf = (key: RecipientKey) => `${key.channelId}/${key.recipient}`;

/** The stored buckets of these recipients by `recipientKeyOf` (a missing one is full: `emptyBucket`), in one statement. System scope. */
export async function readRecipientBuckets(em: EntityManager, keys: RecipientKey[]): Promise<Map<string, RecipientBucket>> {
  const buckets = new Map<string, RecipientBucket>();
  if (keys.length === 0) return buckets;
  const rows = await scopedSql<{ channel_id: string; recipient: string; full_at: Date; backoff_exponent: number; blocked_until: Date | null }>(
    em,
    `select p.channel_id, p.recipient, p.full_at, p.backoff_exponent, p.blocked_until
       from unnest(:channels::uuid[], :recipients::text[]) as k(channel_id, recipient)
       join recipient_pacing p on p.channel_id = k.channel_id and p.recipient = k.recipient`,
    { channels: toArrayLiteral(keys.map((k) => k.channelId)), recipients: toArrayLiteral(keys.map((k) => k.recipient)) },
  );
  for (const row of rows) {
    buckets.set(`${row.channel_id}/${row.recipient}`, {
      fullAt: new Date(row.full_at).getTime(),
      backoffExponent: row.backoff_exponent,
      blockedUntil: row.blocked_until ? new Date(row.blocked_until).getTime() : 0,
    });
  }
  return buckets;
}

/** Stores these recipients' buckets, in one statement. System scope. */
export async function writeRecipientBuckets(em: EntityManager, updates: Array<{ key: RecipientKey; bucket: RecipientBucket }>): Promise<void> {
  if (updates.length === 0) return;
  // One row per recipient: the last bucket given wins (an upsert may touch a row once).
  updates = [...new Map(updates.map((u) => [recipientKeyOf(u.key), u])).values()];
  await scopedSql(
    em,
    `insert into recipient_pacing (channel_id, recipient, organization_id, full_at, backoff_exponent, blocked_until)
     select * from unnest(:channels::uuid[], :recipients::text[], :orgs::uuid[], :fullAts::timestamptz[], :exponents::int[], :blockedUntils::timestamptz[])
     on conflict (channel_id, recipient) do update
       set full_at = excluded.full_at, backoff_exponent = excluded.backoff_exponent, blocked_until = excluded.blocked_until`,
    {
      channels: toArrayLiteral(updates.map((u) => u.key.channelId)),
      recipients: toArrayLiteral(updates.map((u) => u.key.recipient)),
      orgs: toArrayLiteral(updates.map((u) => u.key.organizationId)),
      fullAts: toArrayLiteral(updates.map((u) => new Date(u.bucket.fullAt))),
      exponents: toArrayLiteral(updates.map((u) => u.bucket.backoffExponent)),
      blockedUntils: toArrayLiteral(updates.map((u) => (u.bucket.blockedUntil > 0 ? new Date(u.bucket.blockedUntil) : null))),
    },
  );
}

/** A message about to be claimed, as pacing sees it. */
interface PacedSend {
  row: OutboxRow;
  message: { to: string };
}

/**
 * Lets through the messages whose recipient's token bucket has a token now (channels without
 * pacing pass), in order, and stores the buckets they used: two statements in the claim
 * transaction, none when no channel paces. Answers the messages let through and when the first
 * held back may go.
 */
export async function paceRecipients<T extends PacedSend>(em: EntityManager, sends: T[], now: number): Promise<{ passed: T[]; wakeAt?: number }> {
  const paced = sends.map((send) => ({ send, pacing: recipientPacing(send.row.channel_kind, send.row.channel_settings) }));
  const keyed = paced.filter((p) => p.pacing).map(({ send }) => ({ channelId: send.row.channel_id, organizationId: send.row.organization_id, recipient: send.message.to }));
  if (keyed.length === 0) return { passed: sends };
  const buckets = await readRecipientBuckets(em, keyed);
  const passed: T[] = [];
  const used: Array<{ key: RecipientKey; bucket: RecipientBucket }> = [];
  let wakeAt: number | undefined;
  for (const { send, pacing } of paced) {
    if (!pacing) {
      passed.push(send);
      continue;
    }
    const key = { channelId: send.row.channel_id, organizationId: send.row.organization_id, recipient: send.message.to };
    const taken = takeRecipientToken(buckets.get(recipientKeyOf(key)) ?? emptyBucket, pacing, now);
    if (!taken.ok) {
      wakeAt = Math.min(wakeAt ?? taken.at, taken.at);
      continue;
    }
    buckets.set(recipientKeyOf(key), taken.bucket);
    used.push({ key, bucket: taken.bucket });
    passed.push(send);
  }
  await writeRecipientBuckets(em, used);
  return { passed, wakeAt };
}

/**
 * Pair-rate refusals (Cloud API 131056): each recipient gets no message for 4^X seconds
 * (`backOffRecipient`). Two statements; rare. System scope.
 */
export async function backOffRecipients(em: EntityManager, refused: RecipientKey[], now: number): Promise<void> {
  if (refused.length === 0) return;
  const buckets = await readRecipientBuckets(em, refused);
  const updates = refused.map((key) => {
    const bucket = backOffRecipient(buckets.get(recipientKeyOf(key)) ?? emptyBucket, now);
    buckets.set(recipientKeyOf(key), bucket);
    return { key, bucket };
  });
  await writeRecipientBuckets(em, updates);
}
