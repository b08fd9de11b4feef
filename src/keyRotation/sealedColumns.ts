import { credsContext, keyContext } from '../channels/baileys/baileysSealContexts';
import { webhookSecretContext } from '../broadcasts/webhookSecrets';
import { retiredSecretsContext } from '../channels/retiredSecrets';
import { endpointSecretContext } from '../webhooksOut/endpointSecret';
import { lrsSecretContext } from '../webhooksOut/xapi/lrsConfig';

/** A column holding secret box values, with the context each row's value is bound to. */
export interface SealedColumn {
  table: string;
  column: string;
  /** The primary key's columns, in order (keyset pagination). */
  key: readonly string[];
  /** The secret box context of one row, from its key columns. */
  context(row: Record<string, string>): string;
}

/** Every column the secret box seals: what `rekeySealedValues` re-seals with a new ENCRYPTION_KEY. */
export const sealedColumns: readonly SealedColumn[] = [
  { table: 'channels', column: 'secrets_ciphertext', key: ['id'], context: (row) => row.id },
  { table: 'channels', column: 'retired_secrets_ciphertext', key: ['id'], context: (row) => retiredSecretsContext(row.id) },
  { table: 'baileys_auth', column: 'creds_ciphertext', key: ['channel_id'], context: (row) => credsContext(row.channel_id) },
  { table: 'baileys_keys', column: 'value_ciphertext', key: ['channel_id', 'type', 'key_id'], context: (row) => keyContext(row.channel_id, row.type, row.key_id) },
  { table: 'webhook_secrets', column: 'secret_ciphertext', key: ['organization_id'], context: (row) => webhookSecretContext(row.organization_id) },
  { table: 'webhook_endpoints', column: 'secret_ciphertext', key: ['id'], context: (row) => endpointSecretContext(row.id) },
  { table: 'lrs_configs', column: 'password_ciphertext', key: ['organization_id'], context: (row) => lrsSecretContext(row.organization_id) },
];
