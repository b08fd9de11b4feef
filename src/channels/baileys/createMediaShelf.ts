import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaDownload } from '../channelTypes';

export interface MediaShelfOptions {
  /** Folder of the files waiting to be taken, e.g. `MEDIA_DIR/.baileys-incoming`. */
  dir: string;
  /** Files nobody took within this are deleted (an unknown sender's media is never taken). Default 1 hour. */
  maxAgeMs?: number;
}

/**
 * Media bytes downloaded from the socket, kept on disk (not in memory) until the media fetcher asks
 * for them through the adapter's `downloadMedia(providerRef)`, the same path as Cloud API media.
 * Taken once: the file is removed as it is read. Files left untaken beyond `maxAgeMs` (media of
 * senders who are not workers, whose messages are never fetched) are deleted on the next put.
 */
export function createMediaShelf(options: MediaShelfOptions) {
  const mimeTypes = new Map<string, string>();
  const fileOf = (channelId: string, providerRef: string) => join(options.dir, channelId, providerRef.replace(/[^A-Za-z0-9._-]/g, '_'));

  async function dropStale(channelDir: string): Promise<void> {
    const cutoff = Date.now() - (options.maxAgeMs ?? 3_600_000);
    for (const name of await readdir(channelDir)) {
      const file = join(channelDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) {
        await rm(file, { force: true });
        mimeTypes.delete(file);
      }
    }
  }

  async function* readOnce(file: string): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
    } finally {
      await rm(file, { force: true });
      mimeTypes.delete(file);
    }
  }

  return {
    async put(channelId: string, providerRef: string, media: { data: Buffer; mimeType: string }): Promise<void> {
      const file = fileOf(channelId, providerRef);
      await mkdir(join(options.dir, channelId), { recursive: true });
      await dropStale(join(options.dir, channelId));
      await writeFile(file, media.data);
      mimeTypes.set(file, media.mimeType);
    },
    async take(channelId: string, providerRef: string): Promise<MediaDownload> {
      const file = fileOf(channelId, providerRef);
      if (!(await stat(file).catch(() => undefined))) {
        return { ok: false, kind: 'permanent', code: 'media_not_kept', reason: `no downloaded media for message ${providerRef} (already taken, expired, or its download failed)` };
      }
      return { ok: true, body: readOnce(file), mimeType: mimeTypes.get(file) ?? 'application/octet-stream', maxBytes: Number.MAX_SAFE_INTEGER };
    },
  };
}
