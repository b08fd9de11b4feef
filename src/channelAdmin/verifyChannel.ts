import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { SecretBox } from '../secrets/secretBox';
import { noteChannelSuccess } from '../channels/trackChannelHealth';
import { claimPhoneNumberId } from './claimPhoneNumberId';
import type { ChannelRow } from './readChannelRows';
import { refuseTakenAddress } from './refuseTakenAddress';
import { verifyBaileysChannel } from './verifyBaileysChannel';
import { verifyCloudApiChannel } from './verifyCloudApiChannel';
import { verifyTwilioChannel } from './verifyTwilioChannel';
import { summarize, type VerifyResult } from './verifyTypes';

/** Options of `verifyChannel`. */
export interface VerifyChannelOptions {
  secretBox: SecretBox;
  /** Twilio's origin (a local fake in tests). */
  twilioBaseUrl?: string;
  /** Graph API base including the version (a local fake in tests). */
  graphBaseUrl?: string;
  /** When the check ran (the engine's clock), recorded as the channel's last verify and compared with its sends' times. */
  now: Date;
}

async function check(em: EntityManager, row: ChannelRow, options: VerifyChannelOptions): Promise<VerifyResult> {
  if (row.kind === 'baileys') return verifyBaileysChannel(em, row.id);
  const secrets = row.secrets_ciphertext ? options.secretBox.open(row.secrets_ciphertext, row.id) : {};
  if (row.kind === 'twilio') return verifyTwilioChannel({ settings: row.settings, secrets, baseUrl: options.twilioBaseUrl });
  if (row.kind !== 'cloud_api') return summarize([{ check: 'provider', ok: true, message: 'The console channel has no provider: nothing to check' }]);
  const result = await verifyCloudApiChannel({ settings: row.settings, secrets, graphBaseUrl: options.graphBaseUrl });
  if (!result.ok || (await claimPhoneNumberId(em, row, options.now))) return result;
  return summarize([...result.checks, { check: 'phoneNumber', ok: false, message: refuseTakenAddress('cloud_api').message }], 'number_taken');
}

/**
 * Calls the channel's provider with its stored credentials (Baileys: reads its pairing state) and
 * says in words what is wrong. The result is recorded (health's `connected`); a passing check
 * clears an unhealthy mark. A passing Cloud API check confirms the channel's claim on its phone
 * number id, unless another channel holds it already (`number_taken`).
 */
export async function verifyChannel(em: EntityManager, row: ChannelRow, options: VerifyChannelOptions): Promise<VerifyResult> {
  const result = await check(em, row, options);
  const now = options.now;
  await scopedSql(em, `update channels set verified_at = :now, verify_ok = :ok where organization_id = :organization_id and id = :id`, { id: row.id, now, ok: result.ok });
  if (result.ok) await noteChannelSuccess(em, row.id, now);
  return result;
}
