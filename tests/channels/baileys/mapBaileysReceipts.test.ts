import { describe, expect, it } from 'vitest';
import { mapBaileysReceipts } from '../../../src/channels/baileys/mapBaileysReceipts';
import { statusUpdateSchema } from '../../../src/channels/channelTypes';
import { readBaileysFixture } from '../../fakes/createFakeBaileysSocket';

describe('mapBaileysReceipts', () => {
  it('a delivery and a read receipt of our message become delivered and read, with their times and recipient', () => {
    const statuses = mapBaileysReceipts(readBaileysFixture('messages.update', 'messages-update-receipt.json'), 5);
    expect(statuses).toEqual([
      { providerMessageId: '3EB0TEST00000000000OUT1', status: 'delivered', at: 1_700_000_070_000, recipient: '+15550002222' },
      { providerMessageId: '3EB0TEST00000000000OUT1', status: 'read', at: 1_700_000_080_000, recipient: '+15550002222' },
    ]);
    for (const status of statuses) expect(statusUpdateSchema.safeParse(status).success).toBe(true);
  });

  it('server ack is sent, played is read, error is failed; no time means the caller clock', () => {
    const key = { remoteJid: '100000000000002@lid', remoteJidAlt: '15550002222@s.whatsapp.net', id: 'OUT9', fromMe: true };
    const statuses = mapBaileysReceipts([
      { key, update: { status: 2 } },
      { key, update: { status: 5 } },
      { key, update: { status: 0 } },
    ], 42);
    expect(statuses.map((s) => [s.status, s.at, s.recipient])).toEqual([
      ['sent', 42, '+15550002222'], ['read', 42, '+15550002222'], ['failed', 42, '+15550002222'],
    ]);
    expect(statuses[2].errorCode).toBe('baileys_error');
  });

  it('ignores updates of received messages, updates without status and pending acks', () => {
    const [receipt] = readBaileysFixture('messages.update', 'messages-update-receipt.json');
    expect(mapBaileysReceipts([
      { key: { ...receipt.key, fromMe: false }, update: { status: 4 } },
      { key: receipt.key, update: { message: { conversation: 'edited' } } },
      { key: receipt.key, update: { status: 1 } },
    ], 1)).toEqual([]);
  });
});
