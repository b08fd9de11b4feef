import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/** The lease a writer must still hold: its holder name and the epoch it was granted. */
export interface LeaseFence {
  holder: string;
  epoch: number;
}

export class LeaseLostError extends Error {
  constructor(channelId: string) {
    super(`the lease of Baileys channel ${channelId} is held by another instance now: this write was refused`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Inside a write transaction: checks that the writer still holds the channel's lease (same holder,
 * same epoch) and locks the lease row `for share` until commit, so a takeover (which updates that
 * row) waits for this write and then sees it. A writer that lost the lease while a write was
 * queued (cut off from the database, then back) can not overwrite the new holder's keys.
 * @param em the transaction, in the channel's organization scope.
 */
export async function checkLeaseFence(em: EntityManager, channelId: string, fence: LeaseFence): Promise<void> {
  const rows = await scopedSql(
    em,
    `select 1 from baileys_leases where organization_id = :organization_id and channel_id = :channel_id and holder = :holder and epoch = :epoch for share`,
    { channel_id: channelId, holder: fence.holder, epoch: fence.epoch },
  );
  if (rows.length === 0) throw new LeaseLostError(channelId);
}
