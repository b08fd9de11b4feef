import { addTransactionCapability, Curve, generateSignalPubKey, type AuthenticationState } from '@whiskeysockets/baileys';
import { makeLibSignalRepository } from '@whiskeysockets/baileys/lib/Signal/libsignal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseAuthState } from '../../../src/channels/baileys/loadDatabaseAuthState';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel, newClock, rowsOf, testSecretBox } from './baileysWorld';

const silent = { level: 'silent', child: () => silent, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const ALICE = '15550001111@s.whatsapp.net';
const BOB = '15550002222@s.whatsapp.net';

/**
 * Baileys' own Signal implementation (libsignal, offline) running on two database auth states:
 * a session is set up from a pre-key bundle, messages go both ways, both sides restart (state
 * reloaded from PostgreSQL) and the ratchet continues. Proves the key store keeps what Signal needs.
 */
describe('Signal sessions survive a restart through the database auth state', () => {
  let db: TestDatabase;
  const clock = newClock();
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.destroy(); });

  const repositoryFor = (state: AuthenticationState) =>
    makeLibSignalRepository({ creds: state.creds, keys: addTransactionCapability(state.keys, silent, { maxCommitRetries: 3, delayBetweenTriesMs: 10 }) }, silent);

  it('encrypts, decrypts, restarts and keeps ratcheting', async () => {
    const aliceChannel = await createBaileysChannel(db);
    const bobChannel = await createBaileysChannel(db);
    const load = (channel: { id: string; organizationId: string }) =>
      loadDatabaseAuthState({ orm: db.orm, secretBox: testSecretBox, channelId: channel.id, organizationId: channel.organizationId, now: () => clock.now() });

    let alice = await load(aliceChannel);
    let bob = await load(bobChannel);
    await alice.saveCreds();
    await bob.saveCreds();
    const preKey = Curve.generateKeyPair();
    await bob.state.keys.set({ 'pre-key': { '1': preKey } });

    await repositoryFor(alice.state).injectE2ESession({
      jid: BOB,
      session: {
        registrationId: bob.state.creds.registrationId,
        identityKey: generateSignalPubKey(bob.state.creds.signedIdentityKey.public),
        signedPreKey: {
          keyId: bob.state.creds.signedPreKey.keyId,
          publicKey: generateSignalPubKey(bob.state.creds.signedPreKey.keyPair.public),
          signature: bob.state.creds.signedPreKey.signature,
        },
        preKey: { keyId: 1, publicKey: generateSignalPubKey(preKey.public) },
      },
    });
    const first = await repositoryFor(alice.state).encryptMessage({ jid: BOB, data: Buffer.from('hello bob') });
    expect(first.type).toBe('pkmsg');
    const opened = await repositoryFor(bob.state).decryptMessage({ jid: ALICE, type: first.type, ciphertext: first.ciphertext });
    expect(Buffer.from(opened).toString()).toBe('hello bob');
    // Bob used the one-time pre-key: Signal deleted it through the store.
    expect(await rowsOf(db, "select 1 from baileys_keys where channel_id = :id and type = 'pre-key'", { id: bobChannel.id })).toHaveLength(0);

    // Both instances restart: everything comes back from PostgreSQL.
    alice = await load(aliceChannel);
    bob = await load(bobChannel);
    const reply = await repositoryFor(bob.state).encryptMessage({ jid: ALICE, data: Buffer.from('hi alice') });
    expect(reply.type).toBe('msg');
    expect(Buffer.from(await repositoryFor(alice.state).decryptMessage({ jid: BOB, type: reply.type, ciphertext: reply.ciphertext })).toString()).toBe('hi alice');

    alice = await load(aliceChannel);
    const again = await repositoryFor(alice.state).encryptMessage({ jid: BOB, data: Buffer.from('after restart') });
    bob = await load(bobChannel);
    expect(Buffer.from(await repositoryFor(bob.state).decryptMessage({ jid: ALICE, type: again.type, ciphertext: again.ciphertext })).toString()).toBe('after restart');
  });
});
