import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { BaileysPairingState } from './baileysTypes';

export interface BaileysSessionPatch {
  state: BaileysPairingState;
  /** The QR text to draw (`pairing`); any other state clears it. */
  qr?: string;
  /** The linked number's JID once open. */
  meJid?: string;
  /** Why the connection last closed, for operators. */
  lastError?: string;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * Records the pairing state operators see (any instance reads it, whichever holds the socket).
 * Leaving `pairing` clears the QR; reaching `logged_out` or `open` clears a pending logout request
 * and the last pairing-code request and its answer.
 * @param em an organization scope (the channel's organization).
 */
export async function saveBaileysSession(em: EntityManager, channelId: string, patch: BaileysSessionPatch): Promise<void> {
  const at = new Date(patch.at);
  await scopedSql(
    em,
    `insert into baileys_sessions (channel_id, organization_id, state, qr, qr_at, me_jid, last_error, updated_at)
     values (:channel_id, :organization_id, :state, :qr, :qr_at, :me_jid, :last_error, :at)
     on conflict (channel_id) do update set
       state = excluded.state,
       qr = excluded.qr,
       qr_at = excluded.qr_at,
       me_jid = coalesce(excluded.me_jid, baileys_sessions.me_jid),
       last_error = case when excluded.state = 'open' then null else coalesce(excluded.last_error, baileys_sessions.last_error) end,
       logout_requested_at = case when excluded.state = 'logged_out' then null else baileys_sessions.logout_requested_at end,
       pairing_phone = case when excluded.state in ('open', 'logged_out') then null else baileys_sessions.pairing_phone end,
       pairing_requested_at = case when excluded.state in ('open', 'logged_out') then null else baileys_sessions.pairing_requested_at end,
       pairing_code = case when excluded.state in ('open', 'logged_out') then null else baileys_sessions.pairing_code end,
       pairing_error = case when excluded.state in ('open', 'logged_out') then null else baileys_sessions.pairing_error end,
       pairing_answered_at = case when excluded.state in ('open', 'logged_out') then null else baileys_sessions.pairing_answered_at end,
       updated_at = excluded.updated_at`,
    {
      channel_id: channelId,
      state: patch.state,
      qr: patch.state === 'pairing' ? (patch.qr ?? null) : null,
      qr_at: patch.state === 'pairing' && patch.qr ? at : null,
      me_jid: patch.meJid ?? null,
      last_error: patch.lastError ?? null,
      at,
    },
  );
}
