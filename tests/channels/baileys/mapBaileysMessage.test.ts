import type { WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { inboundMessageSchema } from '../../../src/channels/channelTypes';
import { mapBaileysMessage, type LidResolver } from '../../../src/channels/baileys/mapBaileysMessage';
import { readBaileysFixture } from '../../fakes/createFakeBaileysSocket';

const noLids: LidResolver = async () => null;
const upsert = (file: string) => readBaileysFixture('messages.upsert', file);
const first = (file: string): WAMessage => upsert(file).messages[0];
/** A recorded text message with another content, as WAProto shapes it. */
const withContent = (message: WAMessage['message']): WAMessage => ({ ...first('messages-upsert-text.json'), message });

async function mapped(raw: WAMessage, type = 'notify', resolveLid = noLids) {
  const result = await mapBaileysMessage(raw, type, resolveLid);
  if (!result.ok) throw new Error(`skipped: ${result.reason}`);
  expect(inboundMessageSchema.safeParse(result.message).success).toBe(true);
  return result;
}

describe('mapBaileysMessage: what reaches the engine', () => {
  it('a text message: the Baileys id as provider id, the phone number, the time in ms, the push name', async () => {
    const { message } = await mapped(first('messages-upsert-text.json'));
    expect(message).toEqual({
      providerMessageId: '3EB0TEST000000000000A1',
      from: '+15550002222',
      at: 1_700_000_000_000,
      profileName: 'Test User One',
      text: 'Hello, this is a test message',
    });
  });

  it('strips U+0000 and lone surrogates from the text and push name: the message still goes through', async () => {
    const { message } = await mapped({ ...withContent({ conversation: 'Hel\u0000lo \ud83d' }), pushName: '\u0000Ann' });
    expect(message).toMatchObject({ text: 'Hello \uFFFD', profileName: 'Ann' });
  });

  it('an extended text (a reply): the text and the id of the quoted message', async () => {
    const { message } = await mapped(first('messages-upsert-extended-text.json'));
    expect(message.text).toBe('Replying to your message, see https://example.com');
    expect(message.inReplyTo).toBe('3EB0TEST00000000000OUT1');
  });

  it('a list reply: the row id as replyId, its title as text', async () => {
    const { message } = await mapped(first('messages-upsert-list-reply.json'));
    expect(message).toMatchObject({ replyId: 'row_express', text: 'Express shipping', inReplyTo: '3EB0TEST00000000000OUT2' });
  });

  it('a button reply and a template button reply: the button id and its label', async () => {
    const button = await mapped(withContent({ buttonsResponseMessage: { selectedButtonId: 'yes', selectedDisplayText: 'Yes please', type: 1 } }));
    expect(button.message).toMatchObject({ replyId: 'yes', text: 'Yes please' });
    const template = await mapped(withContent({ templateButtonReplyMessage: { selectedId: 'later', selectedDisplayText: 'Later', selectedIndex: 1 } }));
    expect(template.message).toMatchObject({ replyId: 'later', text: 'Later' });
  });

  it('an image with its caption and mime type, marked for download', async () => {
    const result = await mapped(first('messages-upsert-image.json'));
    expect(result.mediaKind).toBe('image');
    expect(result.message.media).toEqual({ kind: 'image', providerRef: '3EB0TEST000000000000A4', mimeType: 'image/jpeg', caption: 'Test caption for an image' });
    expect(result.message.text).toBeUndefined();
  });

  it('audio, video and a document (with caption, inside documentWithCaptionMessage) become media of their kind', async () => {
    const image = first('messages-upsert-image.json').message?.imageMessage ?? {};
    const media = { url: image.url, mediaKey: image.mediaKey, directPath: image.directPath, fileSha256: image.fileSha256, fileEncSha256: image.fileEncSha256 };
    const audio = await mapped(withContent({ audioMessage: { ...media, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 4 } }));
    expect(audio.message.media).toMatchObject({ kind: 'audio', mimeType: 'audio/ogg; codecs=opus' });
    const video = await mapped(withContent({ videoMessage: { ...media, mimetype: 'video/mp4', caption: 'Watch this' } }));
    expect(video.message.media).toMatchObject({ kind: 'video', caption: 'Watch this' });
    const document = await mapped(withContent({
      documentWithCaptionMessage: { message: { documentMessage: { ...media, mimetype: 'application/pdf', fileName: 'report.pdf', caption: 'My report' } } },
    }));
    expect(document.mediaKind).toBe('document');
    expect(document.message.media).toMatchObject({ kind: 'document', mimeType: 'application/pdf', filename: 'report.pdf', caption: 'My report' });
  });

  it('a disappearing (ephemeral) message is unwrapped', async () => {
    const { message } = await mapped(withContent({ ephemeralMessage: { message: { conversation: 'Vanishing hello' } } }));
    expect(message.text).toBe('Vanishing hello');
  });

  it('a sticker or a location is handed over as unsupported, so the engine can say what it understands', async () => {
    const sticker = await mapped(withContent({ stickerMessage: { mimetype: 'image/webp' } }));
    expect(sticker.message.unsupported).toEqual({ type: 'sticker' });
    const location = await mapped(withContent({ locationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }));
    expect(location.message.unsupported).toEqual({ type: 'location' });
  });
});

describe('mapBaileysMessage: @lid senders are mapped to phone numbers first', () => {
  it('uses remoteJidAlt when WhatsApp sends the phone number beside the LID', async () => {
    const { message } = await mapped(first('messages-upsert-lid-sender.json'));
    expect(message.from).toBe('+15550002222');
  });

  it('asks the LID mapping when there is no remoteJidAlt', async () => {
    const raw = first('messages-upsert-lid-sender.json');
    const bare = { ...raw, key: { ...raw.key, remoteJidAlt: undefined } };
    const asked: string[] = [];
    const { message } = await mapped(bare, 'notify', async (lid) => {
      asked.push(lid);
      return lid === '100000000000002@lid' ? '15550002222@s.whatsapp.net' : null;
    });
    expect(asked).toEqual(['100000000000002@lid']);
    expect(message.from).toBe('+15550002222');
  });

  it('skips a LID nobody can map (the worker could not be found anyway)', async () => {
    const raw = first('messages-upsert-lid-sender.json');
    const result = await mapBaileysMessage({ ...raw, key: { ...raw.key, remoteJidAlt: undefined } }, 'notify', noLids);
    expect(result).toEqual({ ok: false, reason: 'unresolved_lid', detail: '100000000000002@lid' });
  });

  it('keeps a phone-number sender even when a LID comes beside it', async () => {
    const { message } = await mapped(first('messages-upsert-text.json'), 'notify', async () => '19999999999@s.whatsapp.net');
    expect(message.from).toBe('+15550002222');
  });
});

describe('mapBaileysMessage: what never reaches the engine', () => {
  const skipped = async (raw: WAMessage, type = 'notify') => {
    const result = await mapBaileysMessage(raw, type, noLids);
    return result.ok ? 'delivered' : result.reason;
  };

  it('history sync and offline append (type append)', async () => {
    expect(await skipped(first('messages-upsert-text.json'), 'append')).toBe('not_notify');
  });

  it("the number's own messages, from the linked phone or sent by us", async () => {
    expect(await skipped(first('messages-upsert-from-me.json'))).toBe('from_me');
  });

  it('group messages', async () => {
    expect(await skipped(first('messages-upsert-group.json'))).toBe('group');
  });

  it('status broadcasts and broadcast lists', async () => {
    const raw = first('messages-upsert-text.json');
    expect(await skipped({ ...raw, key: { ...raw.key, remoteJid: 'status@broadcast', participant: '15550002222@s.whatsapp.net' } })).toBe('broadcast');
    expect(await skipped({ ...raw, key: { ...raw.key, remoteJid: '1700000000@broadcast' } })).toBe('broadcast');
  });

  it('newsletters, signalling (reactions, protocol messages) and empty stubs', async () => {
    const raw = first('messages-upsert-text.json');
    expect(await skipped({ ...raw, key: { ...raw.key, remoteJid: '120363000000000002@newsletter' } })).toBe('newsletter');
    expect(await skipped(withContent({ reactionMessage: { key: raw.key, text: '👍' } }))).toBe('protocol');
    expect(await skipped(withContent({ protocolMessage: { type: 0, key: raw.key } }))).toBe('protocol');
    expect(await skipped({ ...raw, message: undefined, messageStubType: 2 })).toBe('no_content');
  });
});
