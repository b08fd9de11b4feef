import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SendFailure } from '../channels/channelTypes';
import { describeRequestFailure } from '../channels/classifyNetworkError';

class OverLimit extends Error {}

/**
 * Streams a media body to `file` (through `file.part`, renamed when complete), at most `maxBytes`:
 * the read stops as soon as the body goes beyond, and nothing is left on disk. Never holds the
 * file in memory. A body that breaks off is a transient failure.
 */
export async function writeMediaFile(body: AsyncIterable<Uint8Array>, file: string, maxBytes: number): Promise<{ ok: true; bytes: number } | SendFailure> {
  const partial = `${file}.part`;
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new OverLimit() : null, chunk);
    },
  });
  try {
    await mkdir(dirname(file), { recursive: true });
    await pipeline(Readable.from(body), cap, createWriteStream(partial));
    await rename(partial, file);
    return { ok: true, bytes };
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof OverLimit) return { ok: false, kind: 'permanent', code: 'too_large', reason: `media is over the ${maxBytes}-byte limit` };
    return describeRequestFailure(error, 'media download broke off');
  }
}
