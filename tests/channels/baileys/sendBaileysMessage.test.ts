import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaileysAdapter } from '../../../src/channels/baileys/createBaileysAdapter';
import { downloadOutboundMedia, type FetchOutboundMedia } from '../../../src/channels/baileys/downloadOutboundMedia';
import { phoneToJid, sendBaileysMessage } from '../../../src/channels/baileys/sendBaileysMessage';
import { initAuthCreds } from '@whiskeysockets/baileys';
import { FakeBaileysSocket } from '../../fakes/createFakeBaileysSocket';
import { startRecordingServer, type RecordingServer } from '../../fakes/startRecordingServer';
import { loopbackOutboundFetch } from '../../support/loopbackReceivers';

const socket = () => new FakeBaileysSocket('channel', { creds: initAuthCreds(), keys: { get: async () => ({}), set: async () => undefined } });
const to = '+15550002222';
/** The media files' server: each answers `bytes of <path>`, a PDF as application/pdf. */
let files: RecordingServer;
const fetchFromFiles: FetchOutboundMedia = (media) => downloadOutboundMedia(loopbackOutboundFetch(), media);
const bytesOf = (path: string) => Buffer.from(`bytes of ${path}`);

beforeAll(async () => {
  files = await startRecordingServer((request, response) => {
    response.writeHead(200, { 'content-type': request.path.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream' });
    response.end(bytesOf(request.path));
  });
});
afterAll(() => files.close());

describe('sendBaileysMessage', () => {
  it('sends text to the phone-number JID and returns the Baileys message id', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, { to, text: 'Good morning' }, fetchFromFiles);
    expect(result).toEqual({ ok: true, providerMessageId: '3EB0FAKE000000000001' });
    expect(fake.sent).toEqual([{ jid: '15550002222@s.whatsapp.net', content: { text: 'Good morning' } }]);
    expect(phoneToJid('+447700900123')).toBe('447700900123@s.whatsapp.net');
  });

  it('renders choices as numbered options whatever presentation was wished (buttons do not render on linked devices)', async () => {
    const fake = socket();
    await sendBaileysMessage(fake, {
      to, text: 'How did it go?',
      choices: { presentation: 'buttons', options: [{ id: 'great', title: 'Great' }, { id: 'hard', title: 'Hard' }] },
    }, fetchFromFiles);
    expect(fake.sent[0].content).toEqual({ text: 'How did it go?\n\n1. Great\n2. Hard' });
  });

  it('sends images, videos and documents as the bytes the engine fetched, with their caption (choices under the caption)', async () => {
    const fake = socket();
    await sendBaileysMessage(fake, { to, media: { kind: 'image', url: `${files.baseUrl}/a.jpg`, caption: 'Look' }, choices: { presentation: 'list', options: [{ id: 'ok', title: 'Seen it' }] } }, fetchFromFiles);
    await sendBaileysMessage(fake, { to, text: 'The video', media: { kind: 'video', url: `${files.baseUrl}/v.mp4` } }, fetchFromFiles);
    await sendBaileysMessage(fake, { to, media: { kind: 'document', url: `${files.baseUrl}/files/guide%201.pdf` } }, fetchFromFiles);
    expect(fake.sent.map((s) => s.content)).toEqual([
      { image: bytesOf('/a.jpg'), caption: 'Look\n\n1. Seen it' },
      { video: bytesOf('/v.mp4'), caption: 'The video' },
      { document: bytesOf('/files/guide%201.pdf'), mimetype: 'application/pdf', fileName: 'guide 1.pdf' },
    ]);
  });

  it('sends audio, then its caption as a text (voice notes have none); the id is the audio one', async () => {
    const fake = socket();
    const result = await sendBaileysMessage(fake, { to, media: { kind: 'audio', url: `${files.baseUrl}/tip.mp3`, caption: 'Listen' } }, fetchFromFiles);
    expect(fake.sent.map((s) => s.content)).toEqual([{ audio: bytesOf('/tip.mp3'), mimetype: 'audio/mpeg' }, { text: 'Listen' }]);
    expect(result).toEqual({ ok: true, providerMessageId: '3EB0FAKE000000000001' });
  });

  it('failures are values: templates permanent, no socket transient, a socket error transient and in doubt', async () => {
    const fake = socket();
    expect(await sendBaileysMessage(fake, { to, template: { name: 'reminder', language: 'en', variables: [] } }, fetchFromFiles)).toMatchObject({ ok: false, kind: 'permanent', code: 'template_unsupported' });
    expect(await sendBaileysMessage(undefined, { to, text: 'hi' }, fetchFromFiles)).toMatchObject({ ok: false, kind: 'transient', code: 'not_connected' });
    fake.failSend = new Error('Connection Closed');
    expect(await sendBaileysMessage(fake, { to, text: 'hi' }, fetchFromFiles)).toEqual({ ok: false, kind: 'transient', code: 'socket_error', reason: 'Connection Closed', inDoubt: true });
  });

  it('the adapter sends and refuses webhooks', async () => {
    const fake = socket();
    const adapter = createBaileysAdapter({ send: (message) => sendBaileysMessage(fake, message, fetchFromFiles) });
    expect(adapter.kind).toBe('baileys');
    expect(await adapter.send({ to, text: 'hi' })).toMatchObject({ ok: true });
    const request = { url: 'http://x/webhooks', headers: {}, rawBody: new Uint8Array() };
    expect(adapter.verify(request)).toMatchObject({ ok: false, reason: 'not_configured' });
    expect(adapter.parse(request, 0)).toMatchObject({ ok: false });
    expect(adapter.downloadMedia).toBeUndefined();
  });
});
