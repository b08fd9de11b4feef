import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/**
 * Asks for a pairing code from any instance (the console, the API): the instance holding the
 * channel's socket answers it on its next tick (`servePairingCodeRequest`) and records the code,
 * or why there is none, for `readBaileysSession`. A newer request replaces an older one.
 * @param em an organization scope (the channel's organization).
 * @param phone E.164, e.g. `+15550001111`.
 * @param now epoch milliseconds.
 */
export async function requestBaileysPairingCode(em: EntityManager, channelId: string, phone: string, now: number): Promise<void> {
  await scopedSql(
    em,
    `insert into baileys_sessions (channel_id, organization_id, state, pairing_phone, pairing_requested_at, updated_at)
     values (:channel_id, :organization_id, 'closed', :phone, :now, :now)
     on conflict (channel_id) do update set
       pairing_phone = excluded.pairing_phone, pairing_requested_at = excluded.pairing_requested_at,
       pairing_code = null, pairing_error = null, pairing_answered_at = null`,
    { channel_id: channelId, phone, now: new Date(now) },
  );
}
