import { readFile, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import { appendJsonLine } from '../../files/appendJsonLine';
import { inboundMessageSchema } from '../channelTypes';
import type { BaileysChannelRef, BaileysInbound } from './baileysTypes';

const entrySchema = z.object({
  channel: z.object({ id: z.string(), organizationId: z.string(), settings: z.record(z.string(), z.unknown()) }),
  message: inboundMessageSchema,
  error: z.string(),
  attempts: z.number().int().positive(),
});
type Entry = z.infer<typeof entrySchema>;

/**
 * Baileys inbound messages the engine could not take after the relay's retries. WhatsApp has
 * already acknowledged them, so they are kept on disk (one flushed JSON line each, with the error)
 * and handed to the engine again by `retry`, until it takes them (deduplicated by provider id).
 */
export function createInboundDeadLetter(file: string) {
  const retrying = `${file}.retrying`;
  let running: Promise<{ delivered: number; kept: number }> | undefined;

  async function retryAll(handle: (channel: BaileysChannelRef, inbound: BaileysInbound) => Promise<void>) {
    // A crash mid-retry left `.retrying`: it goes first. Otherwise new entries go on to a fresh file.
    if (!(await readFile(retrying, 'utf8').catch(() => undefined))) await rename(file, retrying).catch(() => undefined);
    const lines = (await readFile(retrying, 'utf8').catch(() => '')).split('\n').filter((line) => line.length > 0);
    let delivered = 0;
    for (const line of lines) {
      const parsed = entrySchema.safeParse(parseLine(line));
      if (!parsed.success) continue; // a line torn by a crash while it was written
      const entry = parsed.data;
      try {
        await handle(entry.channel, { message: entry.message });
        delivered++;
      } catch (error) {
        await appendJsonLine(file, { ...entry, error: error instanceof Error ? error.message : String(error), attempts: entry.attempts + 1 } satisfies Entry);
      }
    }
    await rm(retrying, { force: true });
    return { delivered, kept: lines.length - delivered };
  }

  return {
    /** Keeps a message the engine refused, with why. Throws only when the disk cannot take it. */
    add(channel: BaileysChannelRef, inbound: BaileysInbound, error: unknown): Promise<void> {
      return appendJsonLine(file, { channel, message: inbound.message, error: error instanceof Error ? error.message : String(error), attempts: 1 } satisfies Entry);
    },
    /** Hands every kept message to `handle` again; those it refuses stay. One retry at a time. */
    retry(handle: (channel: BaileysChannelRef, inbound: BaileysInbound) => Promise<void>) {
      running ??= retryAll(handle).finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
