import type { SecretBoxKey } from './secretBox';
import type { Config } from '../config/loadConfig';
import { resolveEncryptionKey } from './resolveEncryptionKey';

/**
 * The secret box's keys: ENCRYPTION_KEY seals (and opens), then each ENCRYPTION_KEY_PREVIOUS
 * key still opens what it sealed, while `npm run channels -- rekey` re-seals with the new key.
 */
export function resolveSecretBoxKeys(config: Config): SecretBoxKey[] {
  return [
    { key: resolveEncryptionKey(config), source: 'ENCRYPTION_KEY' },
    ...config.ENCRYPTION_KEY_PREVIOUS.map((key, index) => ({ key, source: `ENCRYPTION_KEY_PREVIOUS (key ${index + 1})` })),
  ];
}
