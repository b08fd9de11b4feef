import { describe, expect, it } from 'vitest';
import { readBaileysFixture } from '../../fakes/createFakeBaileysSocket';
import { useBaileysCluster } from './baileysChannelWorld';
import { createBaileysChannel, rowsOf } from './baileysWorld';

describe('Baileys connection life on one instance', () => {
  const world = useBaileysCluster();

  it('pairs: the QR is logged and kept, a pairing code can be asked, then the restart opens a linked socket with the saved creds', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const instance = await cluster.start('a');
    await instance.settled();
    const first = cluster.network.latest(channel.id);
    expect(first.auth.creds.registered).toBe(false);
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'pairing' });
    expect(await instance.requestPairingCode(channel.id, '+15550001111')).toEqual({ ok: false, reason: 'not_ready', message: expect.any(String) });

    first.showQr();
    await instance.settled();
    const qr = readBaileysFixture('connection.update', 'connection-update-qr.json').qr;
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'pairing', qr, qrAt: clock.now() });
    expect(await instance.requestPairingCode(channel.id, '+15550001111')).toEqual({ ok: true, code: 'TEST2345' });
    expect(first.pairingCodeRequests).toEqual(['15550001111']);

    first.completePairing();
    await instance.settled();
    const second = cluster.network.latest(channel.id);
    expect(second).not.toBe(first);
    expect(second.auth.creds.registered).toBe(true);
    second.open();
    await instance.settled();
    const state = await instance.pairingState(channel.id);
    expect(state).toMatchObject({ state: 'open', meJid: '15550001111:7@s.whatsapp.net' });
    expect(state?.qr).toBeUndefined();
    expect(await instance.requestPairingCode(channel.id, '+15550001111')).toMatchObject({ ok: false, reason: 'already_paired' });
  });

  it('hands live 1:1 messages to onInbound in order, with media bytes; skips own, group and history; receipts become statuses', async () => {
    const { db, cluster } = world();
    const channel = await createBaileysChannel(db);
    const instance = await cluster.start('a');
    const socket = cluster.network.latest(channel.id);
    socket.open();
    for (const file of ['text', 'from-me', 'group', 'image', 'lid-sender', 'list-reply']) {
      socket.emit('messages.upsert', readBaileysFixture('messages.upsert', `messages-upsert-${file}.json`));
    }
    socket.emit('messages.upsert', { ...readBaileysFixture('messages.upsert', 'messages-upsert-extended-text.json'), type: 'append' });
    socket.emit('messages.update', readBaileysFixture('messages.update', 'messages-update-receipt.json'));
    await instance.settled();

    const inbound = instance.received.inbound;
    expect(inbound.map((i) => i.message.providerMessageId)).toEqual(['3EB0TEST000000000000A1', '3EB0TEST000000000000A4', '3EB0TEST000000000000A7', '3EB0TEST000000000000A3']);
    expect(inbound.map((i) => i.message.from)).toEqual(['+15550002222', '+15550002222', '+15550002222', '+15550002222']);
    expect(inbound[1].media).toEqual({ data: Buffer.from('media of 3EB0TEST000000000000A4'), mimeType: 'image/jpeg' });
    expect(inbound[0].media).toBeUndefined();
    expect(instance.received.statuses.map((s) => s.status)).toEqual(['delivered', 'read']);
  });

  it('sends only while open; the daily cap holds across the day and resets at midnight UTC', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db, { dailyCap: 2 });
    const instance = await cluster.start('a');
    const message = { to: '+15550002222', text: 'Hello' };
    expect(await instance.send(channel.id, message)).toMatchObject({ ok: false, kind: 'transient', code: 'not_connected' });
    cluster.network.latest(channel.id).open();
    await instance.settled();
    expect(await instance.send(channel.id, message)).toMatchObject({ ok: true });
    expect(await instance.send(channel.id, message)).toMatchObject({ ok: true });
    const capped = await instance.send(channel.id, message);
    expect(capped).toMatchObject({ ok: false, kind: 'transient', code: 'daily_cap', retryAfterMs: 17 * 3_600_000 });
    clock.advance(17 * 3_600_000);
    expect(await instance.send(channel.id, message)).toMatchObject({ ok: true });
    expect(cluster.network.latest(channel.id).sent).toHaveLength(3);
    expect(await instance.send('00000000-0000-0000-0000-000000000000', message)).toMatchObject({ ok: false, kind: 'permanent' });
  });

  it('a send refused before anything left (a template, media that could not be fetched) does not spend the daily cap', async () => {
    const { db, cluster } = world();
    const channel = await createBaileysChannel(db, { dailyCap: 1 });
    const instance = await cluster.start('a');
    cluster.network.latest(channel.id).open();
    await instance.settled();
    const to = '+15550002222';
    expect(await instance.send(channel.id, { to, template: { name: 'welcome', language: 'en', variables: [] } })).toMatchObject({ ok: false, code: 'template_unsupported' });
    expect(await instance.send(channel.id, { to, media: { kind: 'image', url: 'http://127.0.0.1:9/photo.jpg' } })).toMatchObject({ ok: false, code: 'media_unreachable' });
    expect(await instance.send(channel.id, { to, text: 'Hello' })).toMatchObject({ ok: true });
    expect(await instance.send(channel.id, { to, text: 'Hello again' })).toMatchObject({ ok: false, code: 'daily_cap' });
    expect(cluster.network.latest(channel.id).sent).toHaveLength(1);
  });

  it('reconnects after a transient close with a doubling backoff on the clock, and resets it once open', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const instance = await cluster.start('a');
    cluster.network.latest(channel.id).open();
    cluster.network.latest(channel.id).close(408, 'Connection Lost');
    await instance.settled();
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'closed', lastError: 'Connection Lost' });
    expect(cluster.network.sockets).toHaveLength(1);
    clock.advance(1_999);
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(1);
    clock.advance(1);
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(2);

    cluster.network.latest(channel.id).close(503);
    await instance.settled();
    clock.advance(3_999);
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(2);
    clock.advance(1);
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(3);
    cluster.network.latest(channel.id).open();
    cluster.network.latest(channel.id).close(428);
    await instance.settled();
    clock.advance(2_000);
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(4);
  });

  it('logged out from the phone: auth state cleared, marked and reported, no reconnect until relinked', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const instance = await cluster.start('a');
    const socket = cluster.network.latest(channel.id);
    socket.completePairing();
    await instance.settled();
    cluster.network.latest(channel.id).open();
    await instance.settled();
    expect(await rowsOf(db, 'select 1 from baileys_auth where channel_id = :id', { id: channel.id })).toHaveLength(1);

    cluster.network.latest(channel.id).close(401, 'Stream Errored (conflict)');
    await instance.settled();
    expect(await rowsOf(db, 'select 1 from baileys_auth where channel_id = :id', { id: channel.id })).toHaveLength(0);
    expect(await rowsOf(db, 'select 1 from baileys_keys where channel_id = :id', { id: channel.id })).toHaveLength(0);
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'logged_out', lastError: expect.stringContaining('logged out') });
    expect(instance.received.loggedOut).toHaveLength(1);
    const count = cluster.network.sockets.length;
    clock.advance(600_000);
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(count);

    expect(await instance.relink(channel.id)).toBe('requested');
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'closed', lastError: 'relink requested' });
    await instance.tick();
    expect(cluster.network.sockets).toHaveLength(count + 1);
    expect(cluster.network.latest(channel.id).auth.creds.registered).toBe(false);
  });

  it('a logged out channel stays logged out after a restart of the instance', async () => {
    const { db, cluster } = world();
    const channel = await createBaileysChannel(db);
    const first = await cluster.start('a');
    cluster.network.latest(channel.id).close(401);
    await first.settled();
    await first.stop();
    const second = await cluster.start('b');
    await second.settled();
    expect(cluster.network.sockets).toHaveLength(1);
    expect(await second.pairingState(channel.id)).toMatchObject({ state: 'logged_out' });
  });

  it('logout on request unlinks the device and clears the auth state', async () => {
    const { db, cluster } = world();
    const channel = await createBaileysChannel(db);
    const instance = await cluster.start('a');
    const socket = cluster.network.latest(channel.id);
    socket.open();
    await instance.settled();
    expect(await instance.logout(channel.id)).toBe('done');
    expect(socket.loggedOut).toBe(true);
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'logged_out' });
    expect(await rowsOf(db, 'select 1 from baileys_auth where channel_id = :id', { id: channel.id })).toHaveLength(0);
  });

  it('shutdown closes the socket, waits for writes and gives the lease up', async () => {
    const { db, clock, cluster } = world();
    const channel = await createBaileysChannel(db);
    const instance = await cluster.start('a');
    const socket = cluster.network.latest(channel.id);
    socket.open();
    await instance.stop();
    expect(socket.ended).toBe(true);
    expect(await instance.pairingState(channel.id)).toMatchObject({ state: 'closed', lastError: 'instance shut down' });
    const [lease] = await rowsOf<{ expires_at: Date }>(db, 'select expires_at from baileys_leases where channel_id = :id', { id: channel.id });
    expect(new Date(lease.expires_at).getTime()).toBe(clock.now());
  });
});
