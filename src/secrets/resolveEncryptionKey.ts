import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../config/loadConfig';

/**
 * The key that seals channel secrets. A real deployment must set ENCRYPTION_KEY (losing it
 * loses every channel's secrets); the embedded demo keeps a generated one beside its data.
 */
export function resolveEncryptionKey(config: Config): string {
  if (config.ENCRYPTION_KEY) return config.ENCRYPTION_KEY;
  if (config.DATABASE_URL) {
    throw new ConfigError('ENCRYPTION_KEY: required with DATABASE_URL; generate one with `openssl rand -base64 32`');
  }
  const file = join(config.DATA_DIR, 'encryption.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
