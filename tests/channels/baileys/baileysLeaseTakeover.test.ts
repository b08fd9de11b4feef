import { describe, expect, it } from 'vitest';
import { claimChannelLease } from '../../../src/channels/baileys/claimChannelLease';
import { createBaileysChannelManager } from '../../../src/channels/baileys/createBaileysChannelManager';
import { requestBaileysPairingCode } from '../../../src/channels/baileys/requestBaileysPairingCode';
import { forOrganization } from '../../../src/db/tenancy/scopes';
import { useBaileysCluster } from './baileysChannelWorld';
import { createBaileysChannel, publicMediaOnly, silentLogger, testSecretBox } from './baileysWorld';

const SECOND = 1_000;

describe('Baileys lease: one socket per channel across instances', () => {
  const world = useBaileysCluster();

  it('two instances ticking every second: only the holder opens a socket, and keeps the same one while it renews', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    for (let s = 0; s < 120; s++) {
      clock.advance(SECOND);
      await Promise.all([a.tick(), b.tick()]);
      expect(cluster.network.live(channel.id)).toHaveLength(1);
    }
    expect(cluster.network.sockets).toHaveLength(1);
    expect(a.manager(channel.id)?.holding).toBe(true);
    expect(b.manager(channel.id)?.holding).toBe(false);
  });

  it('the holder dies: the other instance takes over within the lease time plus one tick, never two sockets at once', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    for (let s = 0; s < 15; s++) {
      clock.advance(SECOND);
      await Promise.all([a.tick(), b.tick()]);
    }
    // Process death: A stops ticking and its connection to WhatsApp drops with it.
    const diedAt = clock.now();
    for (const socket of cluster.network.live(channel.id)) socket.ended = true;
    let takenOverAt: number | undefined;
    for (let s = 0; s < 60 && takenOverAt === undefined; s++) {
      clock.advance(SECOND);
      await b.tick();
      if (cluster.network.live(channel.id).length === 1) takenOverAt = clock.now();
    }
    expect(takenOverAt).toBeDefined();
    expect((takenOverAt ?? 0) - diedAt).toBeLessThanOrEqual(30 * SECOND + SECOND);
    expect((takenOverAt ?? 0) - diedAt).toBeGreaterThanOrEqual(20 * SECOND);
    expect(cluster.network.latest(channel.id).auth.creds.noiseKey).toBeDefined();
    expect(cluster.network.mostAtOnce).toBe(1);
    expect(b.manager(channel.id)?.holding).toBe(true);
  });

  it('the new holder opens the socket with the auth state the old one saved', async () => {
    const { db, cluster } = world();
    const channel = await createBaileysChannel(db);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    const first = cluster.network.latest(channel.id);
    first.completePairing('15550001111:9@s.whatsapp.net');
    await a.settled();
    cluster.network.latest(channel.id).open();
    await a.stop();
    await b.tick();
    const taken = cluster.network.latest(channel.id);
    expect(taken.auth.creds.registered).toBe(true);
    expect(taken.auth.creds.me?.id).toBe('15550001111:9@s.whatsapp.net');
    expect(Buffer.from(taken.auth.creds.noiseKey.private).equals(Buffer.from(first.auth.creds.noiseKey.private))).toBe(true);
  });

  it('a graceful stop hands the channel over on the next tick, not after the lease time', async () => {
    const { db, cluster } = world();
    const channel = await createBaileysChannel(db);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    await a.stop();
    expect(cluster.network.live(channel.id)).toHaveLength(0);
    await b.tick();
    expect(cluster.network.live(channel.id)).toHaveLength(1);
    expect(b.manager(channel.id)?.holding).toBe(true);
  });

  it('a logout, and then a relink, asked on the instance without the socket reach the holder on its next heartbeat', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    const socket = cluster.network.latest(channel.id);
    socket.open();
    await a.settled();
    expect(await b.logout(channel.id)).toBe('requested');
    expect(await b.pairingState(channel.id)).toMatchObject({ state: 'open', logoutRequested: true });
    clock.advance(10 * SECOND);
    await a.tick();
    expect(socket.loggedOut).toBe(true);
    expect(await b.pairingState(channel.id)).toMatchObject({ state: 'logged_out', logoutRequested: false });

    // Relinking, asked on B too: A's next heartbeat opens a fresh socket that shows a new QR.
    const count = cluster.network.sockets.length;
    expect(await b.relink(channel.id)).toBe('requested');
    await a.tick();
    expect(cluster.network.sockets).toHaveLength(count);
    clock.advance(10 * SECOND);
    await a.tick();
    expect(cluster.network.sockets).toHaveLength(count + 1);
    expect(cluster.network.latest(channel.id).auth.creds.registered).toBe(false);
    expect(await b.pairingState(channel.id)).toMatchObject({ state: 'pairing' });
  });

  it('a pairing code asked from any instance is answered by the holder on its next tick, never through a second socket', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const em = () => forOrganization(db.orm.em, channel.organizationId);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    cluster.network.latest(channel.id).showQr();
    await a.settled();

    clock.advance(SECOND);
    await requestBaileysPairingCode(em(), channel.id, '+15550001111', clock.now());
    expect((await b.pairingState(channel.id))?.pairingCode).toEqual({ phone: '+15550001111', requestedAt: clock.now() });
    await b.tick();
    expect((await b.pairingState(channel.id))?.pairingCode?.answeredAt).toBeUndefined();
    await a.tick();
    expect((await b.pairingState(channel.id))?.pairingCode).toEqual({ phone: '+15550001111', requestedAt: clock.now(), code: 'TEST2345', answeredAt: clock.now() });
    expect(cluster.network.latest(channel.id).pairingCodeRequests).toEqual(['15550001111']);
    expect(cluster.network.sockets).toHaveLength(1);

    // Once linked, the code is gone; a new request is answered on the next heartbeat with why there is none.
    cluster.network.latest(channel.id).completePairing();
    await a.settled();
    cluster.network.latest(channel.id).open();
    await a.settled();
    expect((await b.pairingState(channel.id))?.pairingCode).toBeUndefined();
    await requestBaileysPairingCode(em(), channel.id, '+15550001111', clock.now());
    clock.advance(10 * SECOND);
    await a.tick();
    expect((await b.pairingState(channel.id))?.pairingCode).toMatchObject({ error: 'the channel is already linked', answeredAt: clock.now() });
    expect(cluster.network.latest(channel.id).pairingCodeRequests).toEqual([]);
  });

  it('a holder cut off from the database closes its socket before its lease runs out, so the takeover never overlaps', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    let cut = false;
    const common = {
      channel, orm: db.orm, secretBox: testSecretBox, clock, logger: silentLogger,
      socketFactory: cluster.network.factory,
      downloadMedia: async () => Buffer.alloc(0),
      fetchMedia: publicMediaOnly,
      onInbound: async () => undefined,
      onStatus: async () => undefined,
    };
    const a = createBaileysChannelManager({
      ...common,
      holder: 'instance-a',
      claimLease: (em, input) => (cut ? Promise.reject(new Error('connection terminated')) : claimChannelLease(em, input)),
    });
    const b = createBaileysChannelManager({ ...common, holder: 'instance-b' });
    await a.tick();
    await b.tick();
    const renewedAt = clock.now();
    cut = true;
    const timeline: Array<{ at: number; a: boolean; b: boolean }> = [];
    for (let s = 0; s < 40; s++) {
      clock.advance(SECOND);
      await a.tick();
      await b.tick();
      expect(cluster.network.live(channel.id).length).toBeLessThanOrEqual(1);
      timeline.push({ at: clock.now() - renewedAt, a: a.socketOpen, b: b.socketOpen });
    }
    const aClosed = timeline.find((t) => !t.a)?.at;
    const bOpened = timeline.find((t) => t.b)?.at;
    expect(aClosed).toBe(25 * SECOND);
    expect(bOpened).toBe(30 * SECOND);
    expect(cluster.network.mostAtOnce).toBe(1);
    await a.stop();
    await b.stop();
  });
});
