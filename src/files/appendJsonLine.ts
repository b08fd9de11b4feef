import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Appends one JSON line to a file and flushes it to disk (fdatasync) before resolving, so a
 * spooled webhook survives a crash once it is acknowledged. Throws when the file cannot be written.
 */
export async function appendJsonLine(file: string, entry: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a');
  try {
    await handle.write(`${JSON.stringify(entry)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
