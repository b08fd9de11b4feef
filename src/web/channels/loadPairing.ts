import type { EntityManager } from '@mikro-orm/postgresql';
import { readBaileysSession, type BaileysSessionView } from '../../channels/baileys/readBaileysSession';
import { drawPairingQr } from './drawPairingQr';

/** A linked-device channel's pairing state, with its QR drawn. */
export interface PairingData {
  session: BaileysSessionView;
  /** The QR as a PNG data URL, while pairing. */
  qrImage?: string;
}

/**
 * The pairing state the socket holder last recorded (any instance reads it), with the QR drawn.
 * @param em an organization scope.
 */
export async function loadPairing(em: EntityManager, channelId: string): Promise<PairingData> {
  const session = await readBaileysSession(em, channelId);
  return { session, ...(session.state === 'pairing' && session.qr ? { qrImage: await drawPairingQr(session.qr) } : {}) };
}
