import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { PairingCodeResult } from './askPairingCode';

/**
 * On the instance holding the socket: answers a pending pairing-code request (from
 * `requestBaileysPairingCode`, made on any instance) with `ask`, and records the code or the
 * reason there is none. An answer for a request replaced meanwhile is dropped.
 * @param em an organization scope (the channel's organization).
 * @param now epoch milliseconds.
 * @returns whether a request was answered.
 */
export async function servePairingCodeRequest(
  em: EntityManager,
  channelId: string,
  ask: (phone: string) => Promise<PairingCodeResult>,
  now: () => number,
): Promise<boolean> {
  const [pending] = await scopedSql<{ pairing_phone: string; pairing_requested_at: Date }>(
    em,
    `select pairing_phone, pairing_requested_at from baileys_sessions
      where organization_id = :organization_id and channel_id = :channel_id
        and pairing_requested_at is not null and pairing_answered_at is null and pairing_phone is not null`,
    { channel_id: channelId },
  );
  if (!pending) return false;
  const result = await ask(pending.pairing_phone);
  await scopedSql(
    em,
    `update baileys_sessions set pairing_code = :code, pairing_error = :error, pairing_answered_at = :now
      where organization_id = :organization_id and channel_id = :channel_id and pairing_requested_at = :requested_at`,
    {
      channel_id: channelId,
      code: result.ok ? result.code : null,
      error: result.ok ? null : result.message,
      now: new Date(now()),
      requested_at: pending.pairing_requested_at,
    },
  );
  return true;
}
