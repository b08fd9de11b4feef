import { initAuthCreds } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadOutboundMedia, type FetchOutboundMedia } from '../../../src/channels/baileys/downloadOutboundMedia';
import { sendBaileysMessage } from '../../../src/channels/baileys/sendBaileysMessage';
import { describeChannelFailure } from '../../../src/channels/describeChannelFailure';
import type { OutboundMessage } from '../../../src/channels/channelTypes';
import { createOutboundFetch } from '../../../src/outbound/createOutboundFetch';
import { publicAddressesOnly, type OutboundPolicy } from '../../../src/outbound/outboundPolicy';
import { FakeBaileysSocket } from '../../fakes/createFakeBaileysSocket';
import { startRecordingServer, type RecordingServer } from '../../fakes/startRecordingServer';
import { createEngineWorld } from '../../support/engineWorld';
import { loopbackReceivers } from '../../support/loopbackReceivers';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysCluster } from './baileysChannelWorld';
import { dispatchThroughBaileys, loadBaileysChannel } from './dispatchThroughBaileys';

/**
 * A media touchpoint's URL is the flow author's: on a linked-device channel the engine fetches it
 * itself, through the outbound guard, and hands Baileys the bytes, never the URL.
 */
const to = '+15550002222';
const photo = Buffer.from('the photo');
let server: RecordingServer;
const socket = () => new FakeBaileysSocket('channel', { creds: initAuthCreds(), keys: { get: async () => ({}), set: async () => undefined } });
const fetchWith = (policy: OutboundPolicy): FetchOutboundMedia => (media) => downloadOutboundMedia(createOutboundFetch(policy), media);
const imageAt = (url: string): OutboundMessage => ({ to, media: { kind: 'image', url, caption: 'Look' } });
const portOf = (base: string) => new URL(base).port;

beforeAll(async () => {
  server = await startRecordingServer((request, response) => {
    if (request.path === '/moved.jpg') {
      response.writeHead(302, { location: `${server.baseUrl}/photo.jpg` });
      response.end();
    } else if (request.path === '/huge.jpg') {
      // No declared length: the cap is met while reading.
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      for (let mib = 0; mib < 6; mib++) response.write(Buffer.alloc(1024 * 1024));
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.end(photo);
    }
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('media fetched for a Baileys send', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['169.254.169.254', 'a link-local address (where cloud metadata services answer)'],
  ])('a URL whose name resolves to %s is refused for that message alone, with why, and nothing is fetched', async (address, words) => {
    const fake = socket();
    const resolvingInside = fetchWith({ allowedNetworks: [], resolveHost: async () => [address] });
    const result = await sendBaileysMessage(fake, imageAt(`http://media.example:${portOf(server.baseUrl)}/photo.jpg`), resolvingInside);
    expect(result).toEqual({
      ok: false, kind: 'permanent', code: 'media_refused',
      reason: `media not fetched: refused: media.example resolves to ${address}, ${words}; media URLs must point at public addresses (an operator may allow a network with OUTBOUND_ALLOWED_NETWORKS)`,
    });
    if (!result.ok) expect(describeChannelFailure('baileys', result.code)).toBeUndefined();
    expect(server.requests).toEqual([]);
    expect(fake.sent).toEqual([]);
  });

  it('an IP literal in a refused range is refused before connecting', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, imageAt(`${server.baseUrl}/photo.jpg`), fetchWith(publicAddressesOnly));
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'media_refused', reason: expect.stringContaining('refused: 127.0.0.1 is a loopback address') });
    expect(server.requests).toEqual([]);
    expect(fake.sent).toEqual([]);
  });

  it('with loopback allowed (OUTBOUND_ALLOWED_NETWORKS), the bytes the server answered are what Baileys gets', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, imageAt(`${server.baseUrl}/photo.jpg`), fetchWith(loopbackReceivers));
    expect(result).toEqual({ ok: true, providerMessageId: '3EB0FAKE000000000001' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /photo.jpg']);
    expect(fake.sent.map((s) => s.content)).toEqual([{ image: photo, caption: 'Look' }]);
  });

  it('a redirect is not followed: the message fails, naming where it led', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, imageAt(`${server.baseUrl}/moved.jpg`), fetchWith(loopbackReceivers));
    expect(result).toEqual({
      ok: false, kind: 'permanent', code: 'media_redirect',
      reason: `media not fetched: its URL answered 302, a redirect to ${server.baseUrl}/photo.jpg, which is not followed: give the URL it leads to`,
    });
    expect(server.requests.map((r) => r.path)).toEqual(['/moved.jpg']);
    expect(fake.sent).toEqual([]);
  });

  it('a file over WhatsApp\'s limit for its kind is refused while it is read; a URL that is not http is never fetched', async () => {
    const fake = socket();
    expect(await sendBaileysMessage(fake, imageAt(`${server.baseUrl}/huge.jpg`), fetchWith(loopbackReceivers))).toEqual({
      ok: false, kind: 'permanent', code: 'media_too_large', reason: "media not sent: the file is over WhatsApp's 5 MiB limit for an image",
    });
    expect(await sendBaileysMessage(fake, imageAt('file:///etc/passwd'), fetchWith(loopbackReceivers))).toMatchObject({ ok: false, kind: 'permanent', code: 'media_url' });
    expect(fake.sent).toEqual([]);
  });
});

describe('a refused media touchpoint through the dispatcher', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.destroy());

  it('fails that message with the refusal as its reason; the channel stays healthy and the journey goes on', async () => {
    const world = await createEngineWorld(db, { flow: 'onboarding', channelKind: 'baileys', channelAddress: 'baileys:+15550001111' });
    // The onboarding video's host (example.org) resolves to the cloud metadata address.
    const cluster = createBaileysCluster(db, world.clock, createOutboundFetch({ allowedNetworks: [], resolveHost: async () => ['169.254.169.254'] }));
    try {
      const instance = await cluster.start('instance-a');
      const socketOfChannel = cluster.network.latest(world.channel.id);
      socketOfChannel.open();
      const worker = await world.addWorker({ fullName: 'Amina Njeri', phoneNumber: '+15550002222' });
      await world.enroll(worker.id);
      await dispatchThroughBaileys(world, instance, loadBaileysChannel(world, instance))();

      const [video] = await world.sql<{ status: string; error_code: string; error_reason: string }>(
        "select status, error_code, error_reason from messages where organization_id = :organization_id and direction = 'outbound' and payload->'media' is not null",
      );
      expect(video).toEqual({
        status: 'failed', error_code: 'media_refused',
        error_reason: expect.stringContaining('refused: example.org resolves to 169.254.169.254, a link-local address'),
      });
      const [channel] = await world.sql<{ health_status: string }>('select health_status from channels where organization_id = :organization_id and id = :id', { id: world.channel.id });
      expect(channel.health_status).toBe('healthy');
      const sent = socketOfChannel.sent.map((s) => s.content);
      expect(sent).toContainEqual({ text: expect.stringContaining('Hi Amina! Welcome to the team.') });
      expect(sent).toContainEqual({ text: expect.stringMatching(/^Where do you find your shift schedule\?/) });
    } finally {
      await cluster.stopAll();
    }
  });
});
