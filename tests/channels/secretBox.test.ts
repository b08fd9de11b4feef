import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../../src/secrets/secretBox';

const keyB64 = randomBytes(32).toString('base64');
const keyHex = randomBytes(32).toString('hex');
const secrets = { authToken: 'tw_auth_token_very_secret_123', appSecret: 'meta-app-secret-456', nested: { list: [1, 'two', null] } };

const errorOf = (fn: () => unknown): SecretBoxError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SecretBoxError) return error;
    throw error;
  }
  throw new Error('expected a SecretBoxError');
};

describe('secretBox (AES-256-GCM)', () => {
  it('round-trips a secrets object with a base64 or a hex key', () => {
    for (const key of [keyB64, keyHex]) {
      const box = createSecretBox(key);
      expect(box.open(box.seal(secrets))).toEqual(secrets);
    }
  });

  it('writes a version prefix and the key id, and never the plaintext', () => {
    const box = createSecretBox({ key: keyB64, id: 'k2026' });
    const sealed = box.seal(secrets);
    expect(sealed.startsWith('sb1.k2026.')).toBe(true);
    for (const value of ['tw_auth_token_very_secret_123', 'meta-app-secret-456', 'authToken']) {
      expect(sealed).not.toContain(value);
      expect(Buffer.from(sealed).toString('base64')).not.toContain(Buffer.from(value).toString('base64'));
    }
    expect(box.seal(secrets)).not.toBe(sealed);
  });

  it('detects tampering with the ciphertext, the tag or the key id', () => {
    const box = createSecretBox({ key: keyB64, id: 'a' });
    const sealed = box.seal(secrets);
    const parts = sealed.split('.');
    const flip = (text: string) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    expect(errorOf(() => box.open([parts[0], parts[1], parts[2], flip(parts[3]), parts[4]].join('.'))).code).toBe('decrypt_failed');
    expect(errorOf(() => box.open([parts[0], parts[1], parts[2], parts[3], flip(parts[4])].join('.'))).code).toBe('decrypt_failed');
    const twoKeys = createSecretBox([{ key: keyB64, id: 'a' }, { key: keyB64, id: 'b' }]);
    expect(errorOf(() => twoKeys.open(sealed.replace('sb1.a.', 'sb1.b.'))).code).toBe('decrypt_failed');
  });

  it('says clearly when the key is wrong, without revealing anything', () => {
    const sealed = createSecretBox({ key: keyB64, id: 'main' }).seal(secrets);
    const error = errorOf(() => createSecretBox({ key: keyHex, id: 'main' }).open(sealed));
    expect(error.code).toBe('decrypt_failed');
    expect(error.message).toContain('key is wrong');
    expect(error.message).not.toContain(keyHex);
    expect(error.message).not.toContain('tw_auth_token');
  });

  it('names a key id that is not configured', () => {
    const sealed = createSecretBox({ key: keyB64, id: 'old' }).seal(secrets);
    const error = errorOf(() => createSecretBox({ key: keyHex, id: 'new' }).open(sealed));
    expect(error.code).toBe('unknown_key');
    expect(error.message).toContain("'old'");
  });

  it('rotates: a new key seals, the old one still opens old values', () => {
    const oldBox = createSecretBox({ key: keyB64, id: 'v1' });
    const oldSealed = oldBox.seal(secrets);
    const rotated = createSecretBox([{ key: keyHex, id: 'v2' }, { key: keyB64, id: 'v1' }]);
    expect(rotated.activeKeyId).toBe('v2');
    expect(rotated.open(oldSealed)).toEqual(secrets);
    expect(rotated.seal(secrets).startsWith('sb1.v2.')).toBe(true);
  });

  it('binds a context: a value sealed for one channel does not open for another', () => {
    const box = createSecretBox(keyB64);
    const sealed = box.seal(secrets, 'channel:1');
    expect(box.open(sealed, 'channel:1')).toEqual(secrets);
    expect(errorOf(() => box.open(sealed, 'channel:2')).code).toBe('decrypt_failed');
    expect(errorOf(() => box.open(sealed)).code).toBe('decrypt_failed');
  });

  it('rejects a key that is not 32 bytes, and a malformed value', () => {
    expect(errorOf(() => createSecretBox('too-short')).code).toBe('invalid_key');
    expect(errorOf(() => createSecretBox(randomBytes(16).toString('base64'))).message).toContain('32 bytes');
    expect(errorOf(() => createSecretBox(keyB64).open('not-sealed')).code).toBe('malformed');
  });
});
