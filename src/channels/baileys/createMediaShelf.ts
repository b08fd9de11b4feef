import type { MediaDownload } from '../channelTypes';

/**
 * Media bytes downloaded from the socket, kept until the pipeline asks for them through the
 * adapter's `downloadMedia(providerRef)` (the same path as Cloud API media, so the webhook code
 * that stores media on disk serves Baileys unchanged). Taken once; the oldest are dropped beyond
 * `capacity`, so media nobody asks for cannot fill memory.
 */
export function createMediaShelf(capacity = 200) {
  const shelf = new Map<string, { data: Buffer; mimeType: string }>();
  const keyOf = (channelId: string, providerRef: string) => `${channelId}/${providerRef}`;
  return {
    put(channelId: string, providerRef: string, media: { data: Buffer; mimeType: string }): void {
      shelf.set(keyOf(channelId, providerRef), media);
      while (shelf.size > capacity) shelf.delete(shelf.keys().next().value as string);
    },
    async take(channelId: string, providerRef: string): Promise<MediaDownload> {
      const key = keyOf(channelId, providerRef);
      const media = shelf.get(key);
      if (!media) {
        return { ok: false, kind: 'permanent', code: 'media_not_kept', reason: `no downloaded media for message ${providerRef} on this instance (already taken, dropped, or its download failed)` };
      }
      shelf.delete(key);
      return { ok: true, data: media.data, mimeType: media.mimeType };
    },
  };
}
