import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/**
 * Asks for a logout from any instance: the socket holder sees the request on its next heartbeat,
 * unlinks the device and clears the auth state.
 * @param em an organization scope (the channel's organization).
 */
export async function requestBaileysLogout(em: EntityManager, channelId: string, now: number): Promise<void> {
  await scopedSql(
    em,
    `insert into baileys_sessions (channel_id, organization_id, state, logout_requested_at, updated_at)
     values (:channel_id, :organization_id, 'closed', :now, :now)
     on conflict (channel_id) do update set logout_requested_at = excluded.logout_requested_at`,
    { channel_id: channelId, now: new Date(now) },
  );
}
