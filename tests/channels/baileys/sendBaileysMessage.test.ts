import { describe, expect, it } from 'vitest';
import { createBaileysAdapter } from '../../../src/channels/baileys/createBaileysAdapter';
import { phoneToJid, sendBaileysMessage } from '../../../src/channels/baileys/sendBaileysMessage';
import { initAuthCreds } from '@whiskeysockets/baileys';
import { FakeBaileysSocket } from '../../fakes/createFakeBaileysSocket';

const socket = () => new FakeBaileysSocket('channel', { creds: initAuthCreds(), keys: { get: async () => ({}), set: async () => undefined } });
const to = '+15550002222';

describe('sendBaileysMessage', () => {
  it('sends text to the phone-number JID and returns the Baileys message id', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, { to, text: 'Good morning' });
    expect(result).toEqual({ ok: true, providerMessageId: '3EB0FAKE000000000001' });
    expect(fake.sent).toEqual([{ jid: '15550002222@s.whatsapp.net', content: { text: 'Good morning' } }]);
    expect(phoneToJid('+447700900123')).toBe('447700900123@s.whatsapp.net');
  });

  it('renders choices as numbered options whatever presentation was wished (buttons do not render on linked devices)', async () => {
    const fake = socket();
    await sendBaileysMessage(fake, {
      to, text: 'How did it go?',
      choices: { presentation: 'buttons', options: [{ id: 'great', title: 'Great' }, { id: 'hard', title: 'Hard' }] },
    });
    expect(fake.sent[0].content).toEqual({ text: 'How did it go?\n\n1. Great\n2. Hard' });
  });

  it('sends images, videos and documents by URL with their caption (choices under the caption)', async () => {
    const fake = socket();
    await sendBaileysMessage(fake, { to, media: { kind: 'image', url: 'https://cdn.example.com/a.jpg', caption: 'Look' }, choices: { presentation: 'list', options: [{ id: 'ok', title: 'Seen it' }] } });
    await sendBaileysMessage(fake, { to, text: 'The video', media: { kind: 'video', url: 'https://cdn.example.com/v.mp4' } });
    await sendBaileysMessage(fake, { to, media: { kind: 'document', url: 'https://cdn.example.com/files/guide%201.pdf' } });
    expect(fake.sent.map((s) => s.content)).toEqual([
      { image: { url: 'https://cdn.example.com/a.jpg' }, caption: 'Look\n\n1. Seen it' },
      { video: { url: 'https://cdn.example.com/v.mp4' }, caption: 'The video' },
      { document: { url: 'https://cdn.example.com/files/guide%201.pdf' }, mimetype: 'application/octet-stream', fileName: 'guide 1.pdf' },
    ]);
  });

  it('sends audio, then its caption as a text (voice notes have none); the id is the audio one', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, { to, media: { kind: 'audio', url: 'https://cdn.example.com/tip.mp3', caption: 'Listen' } });
    expect(fake.sent.map((s) => s.content)).toEqual([{ audio: { url: 'https://cdn.example.com/tip.mp3' }, mimetype: 'audio/mpeg' }, { text: 'Listen' }]);
    expect(result).toEqual({ ok: true, providerMessageId: '3EB0FAKE000000000001' });
  });

  it('failures are values: templates permanent, no socket transient, a socket error transient and in doubt', async () => {
    const fake = socket();
    expect(await sendBaileysMessage(fake, { to, template: { name: 'reminder', language: 'en', variables: [] } })).toMatchObject({ ok: false, kind: 'permanent', code: 'template_unsupported' });
    expect(await sendBaileysMessage(undefined, { to, text: 'hi' })).toMatchObject({ ok: false, kind: 'transient', code: 'not_connected' });
    fake.failSend = new Error('Connection Closed');
    expect(await sendBaileysMessage(fake, { to, text: 'hi' })).toEqual({ ok: false, kind: 'transient', code: 'socket_error', reason: 'Connection Closed', inDoubt: true });
  });

  it('the adapter sends and refuses webhooks', async () => {
    const fake = socket();
    const adapter = createBaileysAdapter({ send: (message) => sendBaileysMessage(fake, message) });
    expect(adapter.kind).toBe('baileys');
    expect(await adapter.send({ to, text: 'hi' })).toMatchObject({ ok: true });
    const request = { url: 'http://x/webhooks', headers: {}, rawBody: new Uint8Array() };
    expect(adapter.verify(request)).toMatchObject({ ok: false, reason: 'not_configured' });
    expect(adapter.parse(request, 0)).toMatchObject({ ok: false });
    expect(adapter.downloadMedia).toBeUndefined();
  });
});
