import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/channelTypes';
import { createConsoleAdapter } from '../../src/channels/console/createConsoleAdapter';

const NOW = 1_764_000_000_000;
const request = (body: unknown) => ({ url: 'http://localhost/console', headers: {}, rawBody: Buffer.from(JSON.stringify(body)) });

describe('console adapter', () => {
  it('records sent messages in the caller sink and returns their ids', async () => {
    const sent: Array<[OutboundMessage, string]> = [];
    let n = 0;
    const adapter = createConsoleAdapter({ sink: (m, id) => void sent.push([m, id]), newId: () => `c${++n}` });
    const message: OutboundMessage = {
      to: '+15550002222',
      text: 'Ready?',
      choices: { presentation: 'buttons', options: [{ id: 'yes', title: 'Yes' }] },
    };
    expect(await adapter.send(message)).toEqual({ ok: true, providerMessageId: 'c1' });
    expect(sent).toEqual([[message, 'c1']]);
  });

  it('parses a typed message, keeping the client id for dedupe', () => {
    const adapter = createConsoleAdapter({ sink: () => undefined, address: 'sim' });
    expect(adapter.parse(request({ id: 'm1', from: '+15550002222', text: 'hi', replyId: 'yes' }), NOW)).toEqual({
      ok: true,
      batches: [{ channelAddress: 'sim', statuses: [], messages: [{ providerMessageId: 'm1', from: '+15550002222', text: 'hi', replyId: 'yes', at: NOW }] }],
    });
    expect(adapter.verify(request({}))).toEqual({ ok: true });
  });

  it('names a bad field', () => {
    const adapter = createConsoleAdapter({ sink: () => undefined });
    expect(adapter.parse(request({ from: '5550002222', text: 'hi' }), NOW)).toMatchObject({ ok: false, error: { field: 'from' } });
    expect(adapter.parse({ ...request({}), rawBody: Buffer.from('{') }, NOW)).toMatchObject({ ok: false });
  });
});
