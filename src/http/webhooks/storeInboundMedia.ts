import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelAdapter, InboundMessage } from '../../channels/channelTypes';

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3',
  'video/mp4': 'mp4', 'application/pdf': 'pdf',
};

/**
 * Downloads an inbound media file at once (Cloud API links expire within minutes) and keeps it
 * under the media folder, so the conversation log still shows it later. The message's media
 * reference becomes the kept file's path relative to the media folder.
 */
export async function storeInboundMedia(adapter: ChannelAdapter, channelId: string, mediaDir: string, message: InboundMessage): Promise<InboundMessage> {
  if (!message.media || !adapter.downloadMedia) return message;
  const download = await adapter.downloadMedia(message.media.providerRef);
  if (!download.ok) throw new Error(`media ${message.media.providerRef} could not be downloaded: ${download.reason}`);
  const safeId = message.providerMessageId.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = join(channelId, `${safeId}.${extensions[download.mimeType.split(';')[0]] ?? 'bin'}`);
  await mkdir(join(mediaDir, channelId), { recursive: true });
  await writeFile(join(mediaDir, file), download.data);
  return { ...message, media: { ...message.media, providerRef: file, mimeType: download.mimeType } };
}
