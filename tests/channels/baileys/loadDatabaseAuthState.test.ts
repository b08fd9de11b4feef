import { BufferJSON, proto } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseAuthState } from '../../../src/channels/baileys/loadDatabaseAuthState';
import { createSecretBox } from '../../../src/secrets/secretBox';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel, newClock, rowsOf, testSecretBox } from './baileysWorld';

describe('loadDatabaseAuthState: Baileys auth state in PostgreSQL', () => {
  let db: TestDatabase;
  const clock = newClock();
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.destroy(); });

  const load = (channel: { id: string; organizationId: string }, secretBox = testSecretBox) =>
    loadDatabaseAuthState({ orm: db.orm, secretBox, channelId: channel.id, organizationId: channel.organizationId, now: () => clock.now() });

  it('a new channel starts with fresh creds (initAuthCreds); saved creds come back equal after a restart', async () => {
    const channel = await createBaileysChannel(db);
    const first = await load(channel);
    expect(first.state.creds.registered).toBe(false);
    expect(first.state.creds.noiseKey.private).toBeInstanceOf(Uint8Array);
    Object.assign(first.state.creds, { me: { id: '15550001111:7@s.whatsapp.net', name: 'Test Business' }, registered: true });
    await first.saveCreds();

    const restarted = await load(channel);
    expect(JSON.stringify(restarted.state.creds, BufferJSON.replacer)).toBe(JSON.stringify(first.state.creds, BufferJSON.replacer));
    expect(Buffer.isBuffer(restarted.state.creds.signedIdentityKey.public)).toBe(true);
    expect(restarted.state.creds.me?.id).toBe('15550001111:7@s.whatsapp.net');
  });

  it('keys round-trip by type and id (bytes stay bytes, app-state keys come back as protobuf objects), deletes with null', async () => {
    const channel = await createBaileysChannel(db);
    const auth = await load(channel);
    await auth.state.keys.set({
      'pre-key': { '1': { public: Buffer.from('pub1'), private: Buffer.from('priv1') }, '2': { public: Buffer.from('pub2'), private: Buffer.from('priv2') } },
      session: { '15550002222.0': Buffer.from('session bytes') },
      'app-state-sync-key': { AAAA: { keyData: Buffer.from('app key'), timestamp: 1_700_000_000 } },
      'lid-mapping': { '15550002222': '100000000000002', '100000000000002_reverse': '15550002222' },
    });
    const preKeys = await auth.state.keys.get('pre-key', ['1', '2', '3']);
    expect(Object.keys(preKeys).sort()).toEqual(['1', '2']);
    expect(Buffer.from(preKeys['2'].private).toString()).toBe('priv2');
    const sessions = await auth.state.keys.get('session', ['15550002222.0']);
    expect(Buffer.from(sessions['15550002222.0']).toString()).toBe('session bytes');
    const appKeys = await auth.state.keys.get('app-state-sync-key', ['AAAA']);
    expect(appKeys.AAAA).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(appKeys.AAAA.keyData ?? []).toString()).toBe('app key');
    expect(await auth.state.keys.get('lid-mapping', ['15550002222'])).toEqual({ '15550002222': '100000000000002' });

    await auth.state.keys.set({ 'pre-key': { '1': null } });
    expect(Object.keys(await auth.state.keys.get('pre-key', ['1', '2']))).toEqual(['2']);
  });

  it('a key update after a restart replaces the stored value (sessions ratchet on every message)', async () => {
    const channel = await createBaileysChannel(db);
    const before = await load(channel);
    await before.state.keys.set({ session: { 'peer.0': Buffer.from('ratchet 1') } });
    await before.saveCreds();

    const after = await load(channel);
    expect(Buffer.from((await after.state.keys.get('session', ['peer.0']))['peer.0']).toString()).toBe('ratchet 1');
    await after.state.keys.set({ session: { 'peer.0': Buffer.from('ratchet 2') } });
    after.state.creds.nextPreKeyId = 99;
    await after.saveCreds();

    const again = await load(channel);
    expect(Buffer.from((await again.state.keys.get('session', ['peer.0']))['peer.0']).toString()).toBe('ratchet 2');
    expect(again.state.creds.nextPreKeyId).toBe(99);
  });

  it('writes many keys at once (a pre-key upload) in one go', async () => {
    const channel = await createBaileysChannel(db);
    const auth = await load(channel);
    const many = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [String(i + 1), { public: Buffer.from([i % 256]), private: Buffer.from([1]) }]));
    await auth.state.keys.set({ 'pre-key': many });
    const [{ count }] = await rowsOf<{ count: string }>(db, "select count(*) from baileys_keys where channel_id = :id and type = 'pre-key'", { id: channel.id });
    expect(Number(count)).toBe(450);
  });

  it('everything is sealed with the secret box and bound to its channel, type and id', async () => {
    const channel = await createBaileysChannel(db);
    const auth = await load(channel);
    await auth.state.keys.set({ session: { 'peer.0': Buffer.from('very secret session') }, 'pre-key': { '7': { public: Buffer.from('p'), private: Buffer.from('q') } } });
    await auth.saveCreds();
    const [creds] = await rowsOf<{ creds_ciphertext: string }>(db, 'select creds_ciphertext from baileys_auth where channel_id = :id', { id: channel.id });
    expect(creds.creds_ciphertext).toMatch(/^sb1\./);
    expect(creds.creds_ciphertext).not.toContain('noiseKey');
    const keys = await rowsOf<{ key_id: string; value_ciphertext: string }>(db, 'select key_id, value_ciphertext from baileys_keys where channel_id = :id order by key_id', { id: channel.id });
    expect(keys.every((k) => k.value_ciphertext.startsWith('sb1.'))).toBe(true);
    expect(keys.some((k) => Buffer.from(k.value_ciphertext).toString().includes(Buffer.from('very secret session').toString('base64')))).toBe(false);
    expect(() => testSecretBox.open(keys[1].value_ciphertext, `${channel.id}/baileys/pre-key/7`)).toThrow(/could not be decrypted/);
    const otherKey = createSecretBox(Buffer.alloc(32, 9).toString('base64'));
    await expect(load(channel, otherKey)).rejects.toThrow(/not configured/);
  });

  it('clear() removes the creds and every key of that channel only', async () => {
    const channel = await createBaileysChannel(db);
    const other = await createBaileysChannel(db);
    for (const c of [channel, other]) {
      const auth = await load(c);
      await auth.state.keys.set({ session: { 'peer.0': Buffer.from('x') } });
      await auth.saveCreds();
    }
    await (await load(channel)).clear();
    expect(await rowsOf(db, 'select 1 from baileys_auth where channel_id = :id', { id: channel.id })).toHaveLength(0);
    expect(await rowsOf(db, 'select 1 from baileys_keys where channel_id = :id', { id: channel.id })).toHaveLength(0);
    expect(await rowsOf(db, 'select 1 from baileys_keys where channel_id = :id', { id: other.id })).toHaveLength(1);
    expect((await load(channel)).state.creds.registered).toBe(false);
  });
});
