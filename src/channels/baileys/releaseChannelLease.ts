import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/**
 * Gives the lease up at once (graceful shutdown, after the socket closed), so another instance
 * takes the channel over on its next tick instead of waiting for the lease to run out. Only the
 * holder of that epoch can release it.
 * @param em an organization scope (the channel's organization).
 * @returns whether this instance still held the lease.
 */
export async function releaseChannelLease(
  em: EntityManager,
  input: { channelId: string; holder: string; epoch: number; now: number },
): Promise<boolean> {
  const rows = await scopedSql(
    em,
    `update baileys_leases set expires_at = :now
     where organization_id = :organization_id and channel_id = :channel_id and holder = :holder and epoch = :epoch
     returning channel_id`,
    { channel_id: input.channelId, holder: input.holder, epoch: input.epoch, now: new Date(input.now) },
  );
  return rows.length > 0;
}
