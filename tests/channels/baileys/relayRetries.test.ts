import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaileysChannelManager } from '../../../src/channels/baileys/createBaileysChannelManager';
import type { InboundMessage } from '../../../src/channels/channelTypes';
import { createFakeBaileysNetwork, readBaileysFixture } from '../../fakes/createFakeBaileysSocket';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel, newClock, publicMediaOnly, silentLogger, testSecretBox } from './baileysWorld';

describe('a handler that throws', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.destroy(); });

  it('is tried again after each delay, then set aside; later messages still arrive, in order; a failed media download still delivers the message', async () => {
    const channel = await createBaileysChannel(db);
    const network = createFakeBaileysNetwork();
    const waits: number[] = [];
    const delivered: InboundMessage[] = [];
    const mediaErrors: Array<string | undefined> = [];
    const setAside: Array<{ id: string; error: string }> = [];
    const failures = new Map<string, number>([['3EB0TEST000000000000A1', 2], ['3EB0TEST000000000000A3', 99]]);
    const manager = createBaileysChannelManager({
      channel, orm: db.orm, secretBox: testSecretBox, clock: newClock(), logger: silentLogger, holder: 'a',
      socketFactory: network.factory,
      downloadMedia: async () => { throw new Error('media link expired'); },
      fetchMedia: publicMediaOnly,
      onInbound: async (_channel, inbound) => {
        const left = failures.get(inbound.message.providerMessageId) ?? 0;
        if (left > 0) {
          failures.set(inbound.message.providerMessageId, left - 1);
          throw new Error('database unavailable');
        }
        delivered.push(inbound.message);
        mediaErrors.push(inbound.mediaError);
      },
      setAside: async (_channel, inbound, error) => { setAside.push({ id: inbound.message.providerMessageId, error: String(error) }); },
      onStatus: async () => undefined,
      handlerRetryDelaysMs: [10, 20, 30],
      wait: async (ms) => { waits.push(ms); },
    });
    await manager.tick();
    const socket = network.latest(channel.id);
    for (const file of ['text', 'list-reply', 'image']) socket.emit('messages.upsert', readBaileysFixture('messages.upsert', `messages-upsert-${file}.json`));
    await manager.settled();
    expect(delivered.map((m) => m.providerMessageId)).toEqual(['3EB0TEST000000000000A1', '3EB0TEST000000000000A4']);
    expect(waits).toEqual([10, 20, 10, 20, 30]);
    // WhatsApp has acknowledged the one given up: it is set aside with its error, not dropped.
    expect(setAside).toEqual([{ id: '3EB0TEST000000000000A3', error: 'Error: database unavailable' }]);
    expect(mediaErrors).toEqual([undefined, 'media link expired']);
    expect(delivered[1].media).toMatchObject({ kind: 'image' });
    await manager.stop();
  });
});
