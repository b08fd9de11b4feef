import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export type SlotGrant = { granted: true } | { granted: false; /** When the channel may send next, epoch ms. */ nextAt: number };

/**
 * Takes the channel's next `count` send slots if the next is due at `now` (epoch ms), in the caller's system-scope
 * claim transaction: one row per channel holds the earliest time of its next send, so every
 * instance shares the limit, and sends of one channel are at least `spacingMs` apart on the
 * business clock (the caller sends the k-th of `count` at now + k × spacing), which keeps any
 * one-second window at or under the rate. A slot taken by a
 * transaction that rolls back is given back.
 *
 * Deadlock-free: a plain UPDATE whose condition fails locks nothing (unlike INSERT … ON CONFLICT DO
 * UPDATE … WHERE, which locks the row either way), a claim takes the slot rows of its channels in
 * channel id order right before it commits, and message rows are only ever locked with SKIP LOCKED.
 */
export async function grantChannelSlot(
  em: EntityManager,
  channel: { id: string; organizationId: string },
  spacingMs: number,
  now: number,
  count = 1,
): Promise<SlotGrant> {
  if (spacingMs <= 0) return { granted: true };
  const take = () =>
    scopedSql(
      em,
      `update channel_send_slots set next_slot_at = :now::timestamptz + make_interval(secs => :spacing)
        where channel_id = :channel and next_slot_at <= :now::timestamptz
       returning channel_id`,
      { channel: channel.id, now: new Date(now), spacing: (spacingMs * count) / 1000 },
    );
  if ((await take()).length > 0) return { granted: true };
  const [slot] = await scopedSql<{ next_slot_at: Date }>(em, 'select next_slot_at from channel_send_slots where channel_id = :channel', { channel: channel.id });
  if (slot) return { granted: false, nextAt: new Date(slot.next_slot_at).getTime() };
  // The channel's first send: make its row, then take it like any other.
  await scopedSql(
    em,
    `insert into channel_send_slots (channel_id, organization_id, next_slot_at) values (:channel, :org, '-infinity') on conflict (channel_id) do nothing`,
    { channel: channel.id, org: channel.organizationId },
  );
  if ((await take()).length > 0) return { granted: true };
  const [after] = await scopedSql<{ next_slot_at: Date }>(em, 'select next_slot_at from channel_send_slots where channel_id = :channel', { channel: channel.id });
  return { granted: false, nextAt: after ? new Date(after.next_slot_at).getTime() : now };
}
