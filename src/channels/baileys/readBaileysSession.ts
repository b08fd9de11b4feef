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
  /** The last pairing code asked for (`requestBaileysPairingCode`), until the channel opens or is logged out. */
  pairingCode?: PairingCodeView;
  updatedAt?: number;
}

/** A pairing-code request and, once the socket holder answered, the code or why there is none. */
export interface PairingCodeView {
  /** The number it was asked for, E.164. */
  phone: string;
  /** Epoch milliseconds. */
  requestedAt: number;
  /** The 8 characters to type on the phone. */
  code?: string;
  /** Why there is no code (not connected to WhatsApp yet, already paired, …). */
  error?: string;
  /** Epoch milliseconds; absent while the holder has not answered. */
  answeredAt?: number;
}

interface SessionRow {
  state: BaileysPairingState;
  qr: string | null;
  qr_at: Date | null;
  me_jid: string | null;
  last_error: string | null;
  logout_requested_at: Date | null;
  pairing_phone: string | null;
  pairing_requested_at: Date | null;
  pairing_code: string | null;
  pairing_error: string | null;
  pairing_answered_at: Date | null;
  updated_at: Date;
}

function pairingCodeOf(row: SessionRow): PairingCodeView | undefined {
  if (!row.pairing_phone || !row.pairing_requested_at) return undefined;
  return {
    phone: row.pairing_phone,
    requestedAt: new Date(row.pairing_requested_at).getTime(),
    ...(row.pairing_code ? { code: row.pairing_code } : {}),
    ...(row.pairing_error ? { error: row.pairing_error } : {}),
    ...(row.pairing_answered_at ? { answeredAt: new Date(row.pairing_answered_at).getTime() } : {}),
  };
}

/**
 * The channel's pairing state as last recorded by its socket holder; `closed` when no socket
 * was ever opened.
 * @param em an organization scope (the channel's organization).
 */
export async function readBaileysSession(em: EntityManager, channelId: string): Promise<BaileysSessionView> {
  const [row] = await scopedSql<SessionRow>(
    em,
    `select state, qr, qr_at, me_jid, last_error, logout_requested_at, pairing_phone, pairing_requested_at, pairing_code, pairing_error, pairing_answered_at, updated_at
       from baileys_sessions
     where organization_id = :organization_id and channel_id = :channel_id`,
    { channel_id: channelId },
  );
  if (!row) return { state: 'closed', logoutRequested: false };
  const pairingCode = pairingCodeOf(row);
  return {
    state: row.state,
    ...(row.qr ? { qr: row.qr } : {}),
    ...(row.qr_at ? { qrAt: new Date(row.qr_at).getTime() } : {}),
    ...(row.me_jid ? { meJid: row.me_jid } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    logoutRequested: row.logout_requested_at !== null,
    ...(pairingCode ? { pairingCode } : {}),
    updatedAt: new Date(row.updated_at).getTime(),
  };
}
