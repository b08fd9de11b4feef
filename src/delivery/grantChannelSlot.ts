import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export type SlotGrant = { granted: true } | { granted: false; /** When the channel may send next, epoch ms. */ nextAt: number };

/**
 * Takes the channel's next send slot if it is due at `now` (epoch ms), in the caller's system-scope
 * claim transaction: one row per channel holds the earliest time of its next send, so every
 * instance shares the limit, and sends of one channel are at least `spacingMs` apart on the
 * business clock, which keeps any one-second window at or under the rate. A slot taken by a
 * transaction that rolls back is given back.
 *
 * Deadlock-free by construction: a slot that is not due is read without a lock, and the only slot
 * row a claim locks is the one it takes, right before it commits.
 */
export async function grantChannelSlot(
  em: EntityManager,
  channel: { id: string; organizationId: string },
  spacingMs: number,
  now: number,
): Promise<SlotGrant> {
  if (spacingMs <= 0) return { granted: true };
  const at = new Date(now);
  const [slot] = await scopedSql<{ next_slot_at: Date }>(em, 'select next_slot_at from channel_send_slots where channel_id = :channel', { channel: channel.id });
  if (slot && new Date(slot.next_slot_at).getTime() > now) return { granted: false, nextAt: new Date(slot.next_slot_at).getTime() };
  if (!slot) {
    await scopedSql(
      em,
      `insert into channel_send_slots (channel_id, organization_id, next_slot_at) values (:channel, :org, '-infinity') on conflict (channel_id) do nothing`,
      { channel: channel.id, org: channel.organizationId },
    );
  }
  const granted = await scopedSql(
    em,
    `update channel_send_slots set next_slot_at = :now::timestamptz + make_interval(secs => :spacing)
      where channel_id = :channel and next_slot_at <= :now::timestamptz
     returning channel_id`,
    { channel: channel.id, now: at, spacing: spacingMs / 1000 },
  );
  if (granted.length > 0) return { granted: true };
  const [after] = await scopedSql<{ next_slot_at: Date }>(em, 'select next_slot_at from channel_send_slots where channel_id = :channel', { channel: channel.id });
  return { granted: false, nextAt: after ? new Date(after.next_slot_at).getTime() : now };
}
