import type { EntityManager } from '@mikro-orm/postgresql';
import { requestBaileysLogout } from '../channels/baileys/requestBaileysLogout';
import { requestBaileysPairingCode } from '../channels/baileys/requestBaileysPairingCode';
import { requestBaileysRelink } from '../channels/baileys/requestBaileysRelink';
import { e164Schema } from '../channels/channelTypes';
import type { ChannelRow } from './readChannelRows';

/** What an admin asks of a linked-device (Baileys) channel. */
export type PairingAction = { kind: 'pairing_code'; phoneNumber: string } | { kind: 'logout' } | { kind: 'relink' };

export type PairingActionResult =
  | { ok: true }
  | { ok: false; code: 'not_baileys' | 'invalid_phone' | 'not_logged_out'; field?: string; message: string };

/**
 * Records a pairing-code, logout or re-pair request for the instance that holds the channel's
 * socket (whichever it is: the request is a row it reads on its next tick or heartbeat), so no
 * second socket is ever opened. A refusal says in words what to do.
 * @param em an organization scope (the channel's organization).
 * @param now epoch milliseconds.
 */
export async function requestChannelPairing(em: EntityManager, row: ChannelRow, action: PairingAction, now: number): Promise<PairingActionResult> {
  if (row.kind !== 'baileys') return { ok: false, code: 'not_baileys', message: `Only linked-device (Baileys) channels are paired; this one is ${row.kind}` };
  if (action.kind === 'pairing_code') {
    const phone = e164Schema.safeParse(action.phoneNumber.replace(/[\s()-]/g, ''));
    if (!phone.success) return { ok: false, code: 'invalid_phone', field: 'phoneNumber', message: 'phoneNumber: must be the number to link, in E.164 such as +15550001234' };
    await requestBaileysPairingCode(em, row.id, phone.data, now);
    return { ok: true };
  }
  if (action.kind === 'logout') {
    await requestBaileysLogout(em, row.id, now);
    return { ok: true };
  }
  if (!(await requestBaileysRelink(em, row.id, now))) {
    return { ok: false, code: 'not_logged_out', message: 'The number is not logged out: log it out first to pair it again' };
  }
  return { ok: true };
}
