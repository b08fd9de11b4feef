import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimChannelLease } from '../../../src/channels/baileys/claimChannelLease';
import { loadDatabaseAuthState } from '../../../src/channels/baileys/loadDatabaseAuthState';
import { forOrganization } from '../../../src/db/tenancy/scopes';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel, newClock, testSecretBox } from './baileysWorld';

describe('auth state writes are fenced by the lease', () => {
  let db: TestDatabase;
  const clock = newClock();
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.destroy(); });

  it('a former holder can no longer write creds or keys once another instance took the channel over', async () => {
    const channel = await createBaileysChannel(db);
    const em = () => forOrganization(db.orm.em, channel.organizationId);
    const claim = (holder: string) => claimChannelLease(em(), { channelId: channel.id, holder, now: clock.now(), ttlMs: 30_000 });
    const load = (holder: string, epoch: number) => loadDatabaseAuthState({
      orm: db.orm, secretBox: testSecretBox, channelId: channel.id, organizationId: channel.organizationId, now: () => clock.now(), fence: { holder, epoch },
    });

    const a = await claim('a');
    if (!a.held) throw new Error('a should hold the lease');
    const stale = await load('a', a.epoch);
    await stale.state.keys.set({ session: { 'peer.0': Buffer.from('from a') } });
    await stale.saveCreds();

    clock.advance(30_000);
    const b = await claim('b');
    if (!b.held) throw new Error('b should hold the lease');
    const fresh = await load('b', b.epoch);
    await fresh.state.keys.set({ session: { 'peer.0': Buffer.from('from b') } });

    await expect(stale.state.keys.set({ session: { 'peer.0': Buffer.from('late write from a') } })).rejects.toThrow(/held by another instance/);
    await expect(stale.saveCreds()).rejects.toThrow(/held by another instance/);
    await expect(stale.clear()).rejects.toThrow(/held by another instance/);
    const now = await load('b', b.epoch);
    expect(Buffer.from((await now.state.keys.get('session', ['peer.0']))['peer.0']).toString()).toBe('from b');
  });
});
