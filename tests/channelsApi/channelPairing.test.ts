import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaileysChannels, type BaileysChannels } from '../../src/channels/baileys/startBaileysChannels';
import { createLogger } from '../../src/logging/createLogger';
import { createFakeBaileysNetwork } from '../fakes/createFakeBaileysSocket';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;
let instance: BaileysChannels;
let channelId: string;
const network = createFakeBaileysNetwork();

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
  const created = await world.admin('POST', '/v1/channels', { kind: 'baileys', name: 'Linked phone', settings: {} });
  expect(created.status, created.text).toBe(201);
  channelId = String(created.json.id);
  instance = await startBaileysChannels({
    orm: db.orm, secretBox: world.secretBox, logger: createLogger('silent'), clock: world.clock,
    holder: 'holder', stateDir: mkdtempSync(join(tmpdir(), 'baileys-state-')), tickMs: 0, socketFactory: network.factory,
    downloadMedia: async () => Buffer.alloc(0), onInbound: async () => undefined, onStatus: async () => undefined,
  });
});
afterAll(async () => {
  await instance?.stop();
  await db?.destroy();
});

describe('pairing a linked phone through the API', () => {
  it('reads the QR, asks for a code the socket holder answers, logs out and pairs again', async () => {
    network.latest(channelId).showQr('2@qr-for-the-api');
    await instance.settled();
    expect((await world.admin('GET', `/v1/channels/${channelId}/pairing`)).json).toMatchObject({ pairable: true, state: 'pairing', qr: '2@qr-for-the-api', pairingCode: null });

    const wrong = await world.admin('POST', `/v1/channels/${channelId}/pairing-code`, { phoneNumber: 'call me' });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error: { code: 'invalid_phone', field: 'phoneNumber' } });

    const asked = await world.admin('POST', `/v1/channels/${channelId}/pairing-code`, { phoneNumber: '+15550001111' });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.json).toMatchObject({ pairingCode: { phoneNumber: '+15550001111', code: null, answeredAt: null } });
    await instance.tick();
    expect((await world.admin('GET', `/v1/channels/${channelId}/pairing`)).json).toMatchObject({ pairingCode: { code: 'TEST2345', error: null } });

    expect((await world.admin('POST', `/v1/channels/${channelId}/relink`)).json).toMatchObject({ error: { code: 'not_logged_out' } });
    const loggingOut = await world.admin('POST', `/v1/channels/${channelId}/logout`);
    expect(loggingOut.status).toBe(202);
    expect(loggingOut.json).toMatchObject({ logoutRequested: true });
    world.clock.advance(10_000);
    await instance.tick();
    await instance.settled();
    expect(network.latest(channelId).loggedOut).toBe(true);
    expect((await world.admin('GET', `/v1/channels/${channelId}/pairing`)).json).toMatchObject({ state: 'logged_out', qr: null, pairingCode: null, logoutRequested: false });

    expect((await world.admin('POST', `/v1/channels/${channelId}/relink`)).status).toBe(202);
    world.clock.advance(10_000);
    await instance.tick();
    await instance.settled();
    expect(network.sockets).toHaveLength(2);
    expect((await world.admin('GET', `/v1/channels/${channelId}/pairing`)).json).toMatchObject({ state: 'pairing' });
  });

  it('answers for other kinds that there is nothing to pair, and keeps changes to org admins', async () => {
    const twilio = await world.admin('POST', '/v1/channels', twilioInput);
    const twilioId = String(twilio.json.id);
    expect((await world.admin('GET', `/v1/channels/${twilioId}/pairing`)).json).toMatchObject({ pairable: false, state: null });
    expect((await world.admin('POST', `/v1/channels/${twilioId}/logout`)).json).toMatchObject({ error: { code: 'not_baileys' } });
    expect((await world.call(world.a.keys.program_manager, 'GET', `/v1/channels/${channelId}/pairing`)).status).toBe(200);
    expect((await world.call(world.a.keys.program_manager, 'POST', `/v1/channels/${channelId}/logout`)).status).toBe(403);
    expect((await world.call(world.b.keys.org_admin, 'POST', `/v1/channels/${channelId}/logout`)).status).toBe(404);
    const [session] = await world.sql<{ logout_requested_at: Date | null }>('select logout_requested_at from baileys_sessions where organization_id = :organization_id and channel_id = :id', { id: channelId });
    expect(session.logout_requested_at).toBeNull();
  });
});
