import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { BaileysPairingState } from './baileysTypes';

/** What the console shows about a Baileys channel. */
export interface BaileysSessionView {
  state: BaileysPairingState;
  /** The QR text to draw while `pairing` (render it with any QR library). */
  qr?: string;
  /** When that QR was received, epoch milliseconds (WhatsApp replaces it about every 20 seconds). */
  qrAt?: number;
  /** The linked number's JID, once paired. */
  meJid?: string;
  lastError?: string;
  /** A logout asked on an instance that does not hold the socket, waiting for the holder. */
  logoutRequested: boolean;
  updatedAt?: number;
}

interface SessionRow {
  state: BaileysPairingState;
  qr: string | null;
  qr_at: Date | null;
  me_jid: string | null;
  last_error: string | null;
  logout_requested_at: Date | null;
  updated_at: Date;
}

/**
 * The channel's pairing state as last recorded by its socket holder; `closed` when no socket
 * was ever opened.
 * @param em an organization scope (the channel's organization).
 */
export async function readBaileysSession(em: EntityManager, channelId: string): Promise<BaileysSessionView> {
  const [row] = await scopedSql<SessionRow>(
    em,
    `select state, qr, qr_at, me_jid, last_error, logout_requested_at, updated_at from baileys_sessions
     where organization_id = :organization_id and channel_id = :channel_id`,
    { channel_id: channelId },
  );
  if (!row) return { state: 'closed', logoutRequested: false };
  return {
    state: row.state,
    ...(row.qr ? { qr: row.qr } : {}),
    ...(row.qr_at ? { qrAt: new Date(row.qr_at).getTime() } : {}),
    ...(row.me_jid ? { meJid: row.me_jid } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    logoutRequested: row.logout_requested_at !== null,
    updatedAt: new Date(row.updated_at).getTime(),
  };
}
