import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInboundDeadLetter } from '../../../src/channels/baileys/createInboundDeadLetter';
import type { InboundMessage } from '../../../src/channels/channelTypes';

const channel = { id: 'c1', organizationId: 'o1', settings: {} };
const message = (id: string): InboundMessage => ({ providerMessageId: id, from: '+15550001111', at: 1_700_000_000_000, text: `text ${id}` });

describe('the Baileys inbound dead-letter', () => {
  it('keeps messages the engine refused on disk, with why, and hands them over again until taken', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'baileys-dead-')), 'dead.jsonl');
    const deadLetter = createInboundDeadLetter(file);
    await deadLetter.add(channel, { message: message('A') }, new Error('statement failed'));
    await deadLetter.add(channel, { message: message('B') }, new Error('statement failed'));

    // A fresh instance (a restart) finds them; the engine still refuses B.
    const handed: string[] = [];
    const first = await createInboundDeadLetter(file).retry(async (_channel, inbound) => {
      handed.push(inbound.message.providerMessageId);
      if (inbound.message.providerMessageId === 'B') throw new Error('still failing');
    });
    expect(first).toEqual({ delivered: 1, kept: 1 });
    const second = await deadLetter.retry(async (_channel, inbound) => {
      handed.push(inbound.message.providerMessageId);
    });
    expect(second).toEqual({ delivered: 1, kept: 0 });
    expect(handed).toEqual(['A', 'B', 'B']);
    expect(await deadLetter.retry(async () => undefined)).toEqual({ delivered: 0, kept: 0 });
  });
});
