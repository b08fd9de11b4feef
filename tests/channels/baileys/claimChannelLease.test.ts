import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimChannelLease } from '../../../src/channels/baileys/claimChannelLease';
import { releaseChannelLease } from '../../../src/channels/baileys/releaseChannelLease';
import { forOrganization } from '../../../src/db/tenancy/scopes';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel, newClock } from './baileysWorld';

const TTL = 30_000;

describe('claimChannelLease: one holder per channel', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.destroy(); });

  async function setup() {
    const channel = await createBaileysChannel(db);
    const clock = newClock();
    const claim = (holder: string) => claimChannelLease(forOrganization(db.orm.em, channel.organizationId), { channelId: channel.id, holder, now: clock.now(), ttlMs: TTL });
    return { channel, clock, claim };
  }

  it('the first claimant holds it; the other is told who holds it until when; renewals keep the epoch', async () => {
    const { clock, claim } = await setup();
    expect(await claim('a')).toEqual({ held: true, epoch: 1 });
    expect(await claim('b')).toEqual({ held: false, holder: 'a', expiresAt: clock.now() + TTL });
    clock.advance(10_000);
    expect(await claim('a')).toEqual({ held: true, epoch: 1 });
    clock.advance(TTL - 1);
    expect(await claim('b')).toMatchObject({ held: false, holder: 'a' });
  });

  it('when the holder stops renewing, another takes over once the lease ran out, with a new epoch', async () => {
    const { clock, claim } = await setup();
    await claim('a');
    clock.advance(TTL);
    expect(await claim('b')).toEqual({ held: true, epoch: 2 });
    expect(await claim('a')).toMatchObject({ held: false, holder: 'b' });
  });

  it('a holder that comes back after its lease ran out (nobody took it) gets a new epoch', async () => {
    const { clock, claim } = await setup();
    await claim('a');
    clock.advance(TTL + 1);
    expect(await claim('a')).toEqual({ held: true, epoch: 2 });
  });

  it('twenty instances claiming at the same moment: exactly one wins', async () => {
    const { claim } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(`instance-${i}`)));
    expect(results.filter((r) => r.held)).toHaveLength(1);
  });

  it('release lets another take over at once; only the holder of that epoch can release', async () => {
    const { channel, clock, claim } = await setup();
    await claim('a');
    const em = forOrganization(db.orm.em, channel.organizationId);
    expect(await releaseChannelLease(em, { channelId: channel.id, holder: 'b', epoch: 1, now: clock.now() })).toBe(false);
    expect(await releaseChannelLease(em, { channelId: channel.id, holder: 'a', epoch: 1, now: clock.now() })).toBe(true);
    expect(await claim('b')).toEqual({ held: true, epoch: 2 });
  });
});
