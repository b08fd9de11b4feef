import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Channel secrets at rest (Auth Tokens, app secrets, access tokens): AES-256-GCM
 * over the JSON of a secrets object. Sealed text:
 *
 *   sb1.<keyId>.<iv>.<ciphertext>.<tag>        (base64url parts)
 *
 * `sb1` is the format version; `keyId` names the key that sealed it, so a new
 * key can be added for sealing while older keys still open old rows. The
 * version, key id and optional context are authenticated (AAD): changing any
 * part is detected.
 */

const VERSION = 'sb1';
const secretsSchema = z.record(z.string(), z.json());
export type Secrets = z.infer<typeof secretsSchema>;

export interface SecretBoxKey {
  /** 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`); usually ENCRYPTION_KEY. */
  key: string;
  /** Id written into sealed text. Default: first 8 hex characters of SHA-256 of the key bytes. Letters, digits, `_`, `-`. */
  id?: string;
  /** Where the key was configured, named in errors. Default `ENCRYPTION_KEY`. */
  source?: string;
}

export interface SecretBox {
  /** Id of the key that seals. */
  readonly activeKeyId: string;
  /** Ids of every key that opens, the active one first. */
  readonly keyIds: readonly string[];
  /**
   * Encrypt a secrets object.
   * @param context bound into the ciphertext (e.g. the channel id): opening needs the same context, so a sealed value cannot be copied to another row.
   */
  seal(secrets: Secrets, context?: string): string;
  /** Decrypt; throws SecretBoxError (never revealing key or plaintext) on a wrong key, tampering or a malformed value. */
  open(sealed: string, context?: string): Secrets;
}

export type SecretBoxErrorCode = 'invalid_key' | 'malformed' | 'unknown_key' | 'decrypt_failed';

export class SecretBoxError extends Error {
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * @param keys the sealing key first, then older keys still accepted for opening.
 */
export function createSecretBox(keys: string | SecretBoxKey | ReadonlyArray<SecretBoxKey>): SecretBox {
  const list = typeof keys === 'string' ? [{ key: keys }] : Array.isArray(keys) ? keys : [keys as SecretBoxKey];
  if (list.length === 0) throw new SecretBoxError('invalid_key', 'secretBox needs at least one key (ENCRYPTION_KEY)');
  const ring = new Map<string, Buffer>();
  for (const entry of list) {
    const bytes = decodeKey(entry.key, entry.source ?? 'ENCRYPTION_KEY');
    const id = entry.id ?? createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new SecretBoxError('invalid_key', `key id '${id}' must be 1 to 32 letters, digits, '_' or '-'`);
    }
    ring.set(id, bytes);
  }
  const [activeKeyId, activeKey] = [...ring.entries()][0];

  return {
    activeKeyId,
    keyIds: [...ring.keys()],
    seal(secrets, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
      cipher.setAAD(aad(activeKeyId, context));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secretsSchema.parse(secrets)), 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
      return [VERSION, activeKeyId, ...parts].join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) {
        throw new SecretBoxError('malformed', `sealed secrets must look like ${VERSION}.<keyId>.<iv>.<ciphertext>.<tag>`);
      }
      const [, keyId, ivText, dataText, tagText] = parts;
      const key = ring.get(keyId);
      if (!key) {
        throw new SecretBoxError(
          'unknown_key',
          `secrets were sealed with key '${keyId}', which is not configured (configured: ${[...ring.keys()].join(', ')}): ` +
            'set ENCRYPTION_KEY to the key that sealed them, or list that key in ENCRYPTION_KEY_PREVIOUS until `npm run channels -- rekey` has re-sealed everything',
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== 12 || tag.length !== 16) throw new SecretBoxError('malformed', 'sealed secrets have a bad iv or tag length');
      let plaintext: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(aad(keyId, context));
        decipher.setAuthTag(tag);
        plaintext = Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'decrypt_failed',
          `secrets sealed with key '${keyId}' could not be decrypted: the key is wrong (check ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS), the context differs, or the value was altered`,
        );
      }
      const parsed = secretsSchema.safeParse(JSON.parse(plaintext));
      if (!parsed.success) throw new SecretBoxError('malformed', 'decrypted secrets are not a JSON object');
      return parsed.data;
    },
  };
}

function aad(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(`${VERSION}.${keyId}${context === undefined ? '' : `.${context}`}`, 'utf8');
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64')
      : Buffer.alloc(0);
  if (bytes.length !== 32) {
    throw new SecretBoxError(
      'invalid_key',
      `${source} must be 32 bytes as 64 hex characters or base64 (got ${bytes.length} bytes): generate one with \`openssl rand -base64 32\``,
    );
  }
  return bytes;
}
