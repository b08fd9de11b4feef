import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WAMessage } from '@whiskeysockets/baileys';
import { Response } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forOrganization } from '../../../src/db/tenancy/scopes';
import { applyStatusUpdate } from '../../../src/delivery/applyStatusUpdate';
import { handleInbound, type InboundOutcome } from '../../../src/engine/handleInbound';
import { fetchPendingMedia } from '../../../src/media/fetchPendingMedia';
import type { OutboundFetch } from '../../../src/outbound/createOutboundFetch';
import { readBaileysFixture } from '../../fakes/createFakeBaileysSocket';
import { createEngineWorld, type EngineWorld } from '../../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysCluster } from './baileysChannelWorld';
import { dispatchThroughBaileys, loadBaileysChannel } from './dispatchThroughBaileys';

/**
 * The onboarding journey played by a worker on a linked WhatsApp number: their messages come from
 * the fake socket as recorded Baileys events, go through the real inbound pipeline, and the
 * engine's replies leave through the real dispatcher and the Baileys adapter to the same socket.
 */
/** Where the flow's media live (https://example.org/media/…), answering each file's URL as its bytes. */
const mediaHost: OutboundFetch = async (url) => new Response(`bytes of ${url}`);

describe('a journey through a Baileys channel', () => {
  let db: TestDatabase;
  let world: EngineWorld;
  let cluster: ReturnType<typeof createBaileysCluster>;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await createEngineWorld(db, { flow: 'onboarding', channelKind: 'baileys', channelAddress: 'baileys:+15550001111' });
    cluster = createBaileysCluster(db, world.clock, mediaHost);
  });
  afterAll(async () => {
    await cluster?.stopAll();
    await db?.destroy();
  });

  it('plays onboarding: inbound from socket events (a @lid sender too), replies sent as numbered text, receipts move statuses', async () => {
    const outcomes: InboundOutcome[] = [];
    const instance = await cluster.start('instance-a');
    const wired = instance.received;
    const mediaDir = await mkdtemp(join(tmpdir(), 'baileys-media-'));
    const channelRef = { id: world.channel.id, organizationId: world.organization.id };
    const loaded = loadBaileysChannel(world, instance);
    // What the webhook path's deliverBatch does with a batch: each message through the pipeline, media fetched after, each status to its message.
    const pump = async () => {
      await instance.settled();
      for (const inbound of wired.inbound.splice(0)) outcomes.push(await handleInbound(world.deps, channelRef, inbound.message));
      await fetchPendingMedia({ ...world.deps, registry: { byId: async () => loaded }, mediaDir });
      const statuses = wired.statuses.splice(0);
      if (statuses.length > 0) {
        await forOrganization(db.orm.em, world.organization.id).transactional(async (tx) => {
          for (const status of statuses) await applyStatusUpdate(tx, loaded.id, status);
        });
      }
    };
    const dispatch = dispatchThroughBaileys(world, instance, loaded);

    const socket = cluster.network.latest(world.channel.id);
    socket.open();
    const worker = await world.addWorker({ fullName: 'Amina Njeri', phoneNumber: '+15550002222' });

    // The worker writes first (the recorded text message), so the 24-hour window is open.
    socket.emit('messages.upsert', readBaileysFixture('messages.upsert', 'messages-upsert-text.json'));
    await pump();
    expect(outcomes).toEqual([{ kind: 'no_active_conversation' }]);
    await world.enroll(worker.id);
    await dispatch();

    const sent = socket.sent.map((s) => s.content);
    expect(socket.sent.every((s) => s.jid === '15550002222@s.whatsapp.net')).toBe(true);
    expect(sent).toContainEqual({ text: expect.stringContaining('Hi Amina! Welcome to the team.') });
    expect(sent).toContainEqual({ video: Buffer.from('bytes of https://example.org/media/onboarding-welcome.mp4'), caption: 'A two-minute welcome from your store manager.' });
    expect(sent).toContainEqual({ text: expect.stringMatching(/^Where do you find your shift schedule\?\n\n1\. Team app\n2\. /) });

    // Answers: by the same worker, once addressed by phone number, once by LID.
    const say = (text: string, id: string, file = 'messages-upsert-text.json') => {
      const event = readBaileysFixture('messages.upsert', file);
      const raw: WAMessage = { ...event.messages[0], key: { ...event.messages[0].key, id }, message: { conversation: text } };
      socket.emit('messages.upsert', { messages: [raw], type: 'notify' });
    };
    say('banana', '3EB0TEST0000000000J001');
    await pump();
    await dispatch();
    say('1', '3EB0TEST0000000000J002', 'messages-upsert-lid-sender.json');
    await pump();
    await dispatch();
    // A provider retry of the same message id is absorbed.
    say('1', '3EB0TEST0000000000J002', 'messages-upsert-lid-sender.json');
    await pump();
    expect(outcomes.slice(1).map((o) => o.kind)).toEqual(['advanced', 'advanced', 'duplicate']);

    const log = await world.log(worker.id);
    const inboundIds = await world.sql<{ provider_message_id: string }>(
      "select provider_message_id from messages where organization_id = :organization_id and direction = 'inbound' order by seq",
    );
    expect(inboundIds.map((r) => r.provider_message_id)).toEqual(['3EB0TEST000000000000A1', '3EB0TEST0000000000J001', '3EB0TEST0000000000J002']);
    expect(log.filter((m) => m.direction === 'outbound').every((m) => m.status === 'sent')).toBe(true);
    expect(socket.sent.map((s) => s.content)).toContainEqual({ text: expect.stringContaining('You have 1 of ') });

    // Receipts for the first sent message: delivered, then read.
    const firstSent = await world.sql<{ provider_message_id: string }>(
      "select provider_message_id from messages where organization_id = :organization_id and direction = 'outbound' and provider_message_id is not null order by seq limit 1",
    );
    const key = { remoteJid: '15550002222@s.whatsapp.net', id: firstSent[0].provider_message_id, fromMe: true };
    socket.emit('messages.update', [{ key, update: { status: 3, messageTimestamp: 1_700_000_070 } }, { key, update: { status: 4, messageTimestamp: 1_700_000_080 } }]);
    await pump();
    const [receipt] = await world.sql<{ status: string; read_at: Date }>(
      'select status, read_at from messages where organization_id = :organization_id and provider_message_id = :id',
      { id: firstSent[0].provider_message_id },
    );
    expect(receipt.status).toBe('read');
    expect(new Date(receipt.read_at).getTime()).toBe(1_700_000_080_000);

    // A photo: downloaded from the socket, kept on disk by the same code as Cloud API media.
    socket.emit('messages.upsert', readBaileysFixture('messages.upsert', 'messages-upsert-image.json'));
    await pump();
    const kept = await readFile(join(mediaDir, world.channel.id, '3EB0TEST000000000000A4.jpg'));
    expect(kept.toString()).toBe('media of 3EB0TEST000000000000A4');
    expect(await instance.downloadMedia(world.channel.id, '3EB0TEST000000000000A4')).toMatchObject({ ok: false, code: 'media_not_kept' });
    await rm(mediaDir, { recursive: true, force: true });
  });
});
