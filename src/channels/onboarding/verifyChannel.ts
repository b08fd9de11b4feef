import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '../secretBox';
import type { ChannelRow } from './readChannelRows';
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
}

/** Calls the channel's provider with its stored credentials (Baileys: reads its pairing state) and says in words what is wrong. */
export async function verifyChannel(em: EntityManager, row: ChannelRow, options: VerifyChannelOptions): Promise<VerifyResult> {
  if (row.kind === 'baileys') return verifyBaileysChannel(em, row.id);
  const secrets = row.secrets_ciphertext ? options.secretBox.open(row.secrets_ciphertext, row.id) : {};
  if (row.kind === 'twilio') return verifyTwilioChannel({ settings: row.settings, secrets, baseUrl: options.twilioBaseUrl });
  if (row.kind === 'cloud_api') return verifyCloudApiChannel({ settings: row.settings, secrets, graphBaseUrl: options.graphBaseUrl });
  return summarize([{ check: 'provider', ok: true, message: 'The console channel has no provider: nothing to check' }]);
}
