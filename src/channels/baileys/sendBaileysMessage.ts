import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { OutboundMessage, SendResult } from '../channelTypes';
import { renderNumberedOptions } from '../renderNumberedOptions';
import type { BaileysSocket } from './baileysTypes';
import type { FetchedMedia, FetchOutboundMedia } from './downloadOutboundMedia';

/** The JID of a phone number: `+15550002222` → `15550002222@s.whatsapp.net`. */
export function phoneToJid(e164: string): string {
  return `${e164.replace(/^\+/, '')}@s.whatsapp.net`;
}

const audioMimeTypes: Record<string, string> = { mp3: 'audio/mpeg', ogg: 'audio/ogg; codecs=opus', m4a: 'audio/mp4', aac: 'audio/aac' };

/**
 * What Baileys sends for one outbound message, in order (audio has no caption: its text follows it).
 * Media go as the bytes the engine fetched (`media`), never as a URL for Baileys to fetch: its own
 * fetch follows redirects and would reach any address.
 */
export function buildBaileysContents(message: OutboundMessage, media: FetchedMedia | undefined): AnyMessageContent[] {
  const withChoices = (text: string) => (message.choices ? renderNumberedOptions(text, message.choices.options) : text);
  if (!media) return [{ text: withChoices(message.text ?? '') }];
  const caption = media.caption ?? message.text;
  const captionText = caption !== undefined || message.choices ? withChoices(caption ?? '') : undefined;
  const captioned = captionText !== undefined ? { caption: captionText } : {};
  switch (media.kind) {
    case 'image':
      return [{ image: media.data, ...captioned }];
    case 'video':
      return [{ video: media.data, ...captioned }];
    case 'document':
      return [{ document: media.data, mimetype: media.mimeType ?? 'application/octet-stream', fileName: media.filename ?? fileNameOf(media.url), ...captioned }];
    case 'audio': {
      const extension = fileNameOf(media.url).split('.').pop()?.toLowerCase() ?? '';
      const audio: AnyMessageContent = { audio: media.data, mimetype: audioMimeTypes[extension] ?? 'audio/mpeg' };
      return captionText !== undefined ? [audio, { text: captionText }] : [audio];
    }
  }
}

function fileNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').pop() || 'file');
}

/**
 * Sends an outbound message through the channel's open socket. Choices become numbered options
 * (buttons and lists do not render on linked devices). Templates do not exist on WhatsApp Web:
 * they are refused as permanent. Media are fetched first (`fetchMedia`), and a file that cannot be
 * fetched fails the message as that fetch says. Failures are values: no socket here is transient
 * (another instance may hold it, or it is reconnecting), a socket error is transient and in doubt.
 * @returns the provider id of the first message sent (the media, for audio with a caption).
 */
export async function sendBaileysMessage(socket: BaileysSocket | undefined, message: OutboundMessage, fetchMedia: FetchOutboundMedia): Promise<SendResult> {
  if (message.template) {
    return { ok: false, kind: 'permanent', code: 'template_unsupported', reason: `Baileys channels cannot send templates ('${message.template.name}'): send text instead` };
  }
  if (!socket) {
    return { ok: false, kind: 'transient', code: 'not_connected', reason: 'the WhatsApp socket of this channel is not open on this instance', retryAfterMs: 30_000 };
  }
  const fetched = message.media ? await fetchMedia(message.media) : undefined;
  if (fetched && !fetched.ok) return fetched;
  const jid = phoneToJid(message.to);
  let firstId: string | undefined;
  try {
    for (const content of buildBaileysContents(message, fetched?.media)) {
      const sent = await socket.sendMessage(jid, content);
      firstId ??= sent?.key.id ?? undefined;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (firstId) return { ok: true, providerMessageId: firstId };
    return { ok: false, kind: 'transient', code: 'socket_error', reason, inDoubt: true };
  }
  if (!firstId) return { ok: false, kind: 'transient', code: 'no_message_id', reason: 'Baileys returned no message id', inDoubt: true };
  return { ok: true, providerMessageId: firstId };
}
