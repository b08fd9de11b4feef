import type { BaileysPairingState, BaileysSocket } from './baileysTypes';

export type PairingCodeResult =
  | { ok: true; code: string }
  | { ok: false; reason: 'not_held_here' | 'not_ready' | 'already_paired' | 'failed'; message: string };

/**
 * Asks WhatsApp for the 8-character code to type on the phone (Linked devices > Link with phone
 * number instead), when that can work: this instance holds the socket, the channel is not linked
 * yet, and a QR has arrived (WhatsApp is reachable).
 * @param phone E.164, e.g. `+15550001111`.
 */
export async function askPairingCode(
  link: { socket: BaileysSocket | undefined; state: BaileysPairingState; registered: boolean; qrShown: boolean },
  phone: string,
): Promise<PairingCodeResult> {
  if (!link.socket) return { ok: false, reason: 'not_held_here', message: 'this instance does not hold the channel socket' };
  if (link.registered || link.state === 'open') return { ok: false, reason: 'already_paired', message: 'the channel is already linked' };
  if (link.state !== 'pairing' || !link.qrShown) {
    return { ok: false, reason: 'not_ready', message: 'the socket is not connected to WhatsApp yet: try again when a QR is shown' };
  }
  try {
    return { ok: true, code: await link.socket.requestPairingCode(phone.replace(/^\+/, '')) };
  } catch (error) {
    return { ok: false, reason: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
