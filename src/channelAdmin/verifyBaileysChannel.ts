import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { summarize, type VerifyResult } from './verifyTypes';

const words: Record<string, string> = {
  open: 'The linked number is connected',
  pairing: 'Waiting for pairing: scan the QR code (or enter the pairing code) on the phone',
  closed: 'Not connected: the socket is closed (it reconnects on its own, or pair the number)',
  logged_out: 'The phone logged this device out: pair the number again',
};

/** A Baileys channel has no provider API: its pairing state (baileys_sessions) says whether it is connected. */
export async function verifyBaileysChannel(em: EntityManager, channelId: string): Promise<VerifyResult> {
  const [session] = await scopedSql<{ state: string; last_error: string | null }>(
    em,
    `select state, last_error from baileys_sessions where organization_id = :organization_id and channel_id = :channel`,
    { channel: channelId },
  );
  const state = session?.state ?? 'closed';
  const ok = state === 'open';
  const message = session ? (words[state] ?? `State ${state}`) : 'Never paired: pair the number from the console (QR code or pairing code)';
  return summarize([{ check: 'pairing', ok, message }], state === 'logged_out' ? 'logged_out' : 'not_paired');
}
