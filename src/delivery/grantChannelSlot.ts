import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export type SlotGrant = { granted: true } | { granted: false; /** When the channel may send next, epoch ms. */ nextAt: number };

/**
 * Takes the channel's next send slot if it is due at `now` (epoch ms), in the caller's system-scope
 * transaction: one row per channel holds the earliest time of its next send, so every instance
 * shares the limit, and sends of one channel are at least `spacingMs` apart on the business
 * clock, which keeps any one-second window at or under the rate. A slot taken by a transaction
 * that rolls back is given back.
 */
export async function grantChannelSlot(
  em: EntityManager,
  channel: { id: string; organizationId: string },
  spacingMs: number,
  now: number,
): Promise<SlotGrant> {
  if (spacingMs <= 0) return { granted: true };
  const params = { channel: channel.id, org: channel.organizationId, now: new Date(now), spacing: spacingMs / 1000 };
  const granted = await scopedSql(
    em,
    `insert into channel_send_slots as s (channel_id, organization_id, next_slot_at)
     values (:channel, :org, :now::timestamptz + make_interval(secs => :spacing))
     on conflict (channel_id) do update set next_slot_at = excluded.next_slot_at
      where s.next_slot_at <= :now::timestamptz
     returning channel_id`,
    params,
  );
  if (granted.length > 0) return { granted: true };
  const [row] = await scopedSql<{ next_slot_at: Date }>(em, 'select next_slot_at from channel_send_slots where channel_id = :channel', { channel: channel.id });
  return { granted: false, nextAt: row ? new Date(row.next_slot_at).getTime() : now };
}
