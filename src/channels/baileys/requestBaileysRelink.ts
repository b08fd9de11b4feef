import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/**
 * Asks, from any instance, to pair a logged-out channel again: records `closed`, so the holder
 * (which re-reads the state on every heartbeat) opens a socket that shows a new QR.
 * @param em an organization scope (the channel's organization).
 * @param now epoch milliseconds.
 * @returns false when the channel was not logged out (nothing to do).
 */
export async function requestBaileysRelink(em: EntityManager, channelId: string, now: number): Promise<boolean> {
  const changed = await scopedSql<{ channel_id: string }>(
    em,
    `update baileys_sessions set state = 'closed', last_error = 'relink requested', updated_at = :now
      where organization_id = :organization_id and channel_id = :channel_id and state = 'logged_out'
      returning channel_id`,
    { channel_id: channelId, now: new Date(now) },
  );
  return changed.length > 0;
}
