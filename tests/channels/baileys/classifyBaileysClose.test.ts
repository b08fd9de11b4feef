import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { classifyBaileysClose, reconnectDelayMs } from '../../../src/channels/baileys/classifyBaileysClose';
import { createMediaShelf } from '../../../src/channels/baileys/createMediaShelf';
import { disconnectError } from '../../fakes/createFakeBaileysSocket';
import { readBody } from '../../support/readBody';

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
  it('keeps media on disk and hands it over once, per channel; what nobody took in time is deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'media-shelf-'));
    const shelf = createMediaShelf({ dir });
    const media = (text: string) => ({ data: Buffer.from(text), mimeType: 'image/jpeg' });
    await shelf.put('c1', 'm1', media('one'));
    await shelf.put('c2', 'm1', media('other channel'));
    const taken = await shelf.take('c1', 'm1');
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.mimeType).toBe('image/jpeg');
    expect((await readBody(taken.body)).toString()).toBe('one');
    expect(await shelf.take('c1', 'm1')).toMatchObject({ ok: false, kind: 'permanent', code: 'media_not_kept' });

    const expiring = createMediaShelf({ dir, maxAgeMs: -1 });
    await expiring.put('c2', 'm2', media('two'));
    expect(await expiring.take('c2', 'm1')).toMatchObject({ ok: false, code: 'media_not_kept' });
  });
});
