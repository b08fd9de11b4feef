import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { classifyBaileysClose, reconnectDelayMs } from '../../../src/channels/baileys/classifyBaileysClose';
import { createMediaShelf } from '../../../src/channels/baileys/createMediaShelf';
import { disconnectError } from '../../fakes/createFakeBaileysSocket';

describe('classifyBaileysClose', () => {
  it("reads Baileys' Boom status codes", () => {
    expect(classifyBaileysClose(disconnectError(DisconnectReason.loggedOut))).toEqual({ kind: 'logged_out', statusCode: 401 });
    expect(classifyBaileysClose(disconnectError(DisconnectReason.restartRequired))).toEqual({ kind: 'restart', statusCode: 515 });
    expect(classifyBaileysClose(disconnectError(DisconnectReason.connectionReplaced))).toEqual({ kind: 'replaced', statusCode: 440 });
    for (const code of [408, 428, 500, 503]) expect(classifyBaileysClose(disconnectError(code))).toEqual({ kind: 'transient', statusCode: code });
    expect(classifyBaileysClose(new Error('socket hang up'))).toEqual({ kind: 'transient', statusCode: undefined });
    expect(classifyBaileysClose(undefined)).toEqual({ kind: 'transient', statusCode: undefined });
  });

  it('backs off 2 s, 4 s, 8 s… up to the cap', () => {
    expect([1, 2, 3, 4, 10, 20].map((n) => reconnectDelayMs(n, 2_000, 300_000))).toEqual([2_000, 4_000, 8_000, 16_000, 300_000, 300_000]);
  });
});

describe('createMediaShelf', () => {
  it('hands media over once, per channel, and drops the oldest beyond its capacity', async () => {
    const shelf = createMediaShelf(2);
    const media = (text: string) => ({ data: Buffer.from(text), mimeType: 'image/jpeg' });
    shelf.put('c1', 'm1', media('one'));
    shelf.put('c2', 'm1', media('other channel'));
    expect(await shelf.take('c1', 'm1')).toEqual({ ok: true, data: Buffer.from('one'), mimeType: 'image/jpeg' });
    expect(await shelf.take('c1', 'm1')).toMatchObject({ ok: false, kind: 'permanent', code: 'media_not_kept' });
    shelf.put('c1', 'm2', media('two'));
    shelf.put('c1', 'm3', media('three'));
    expect(await shelf.take('c2', 'm1')).toMatchObject({ ok: false });
    expect(await shelf.take('c1', 'm3')).toMatchObject({ ok: true });
  });
});
