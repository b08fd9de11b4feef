import type { SecretBox } from '../secretBox';
import type { ChannelRow } from './readChannelRows';
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

/** Calls the channel's provider with its stored credentials and says in words what is wrong. */
export async function verifyChannel(row: ChannelRow, options: VerifyChannelOptions): Promise<VerifyResult> {
  const secrets = row.secrets_ciphertext ? options.secretBox.open(row.secrets_ciphertext, row.id) : {};
  if (row.kind === 'twilio') return verifyTwilioChannel({ settings: row.settings, secrets, baseUrl: options.twilioBaseUrl });
  if (row.kind === 'cloud_api') return verifyCloudApiChannel({ settings: row.settings, secrets, graphBaseUrl: options.graphBaseUrl });
  const message = row.kind === 'baileys' ? 'A Baileys channel has no provider to call: its pairing status shows whether it is connected' : 'The console channel has no provider';
  return summarize([{ check: 'provider', ok: row.kind === 'console', message }], 'no_provider');
}
