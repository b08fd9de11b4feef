import { z } from 'zod';
import { inboundMessageSchema, statusUpdateSchema } from '../channels/channelTypes';
import { summarizeIssues } from '../text/summarizeIssues';

const channelRefSchema = z.object({ id: z.string().min(1), organizationId: z.string().min(1) });

/** One spool line. `spooledAt` is when the webhook was received, epoch ms: a replayed message is handled at that time. */
export const spoolEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), channel: channelRefSchema, message: inboundMessageSchema, spooledAt: z.number() }),
  z.object({ kind: z.literal('status'), channel: channelRefSchema, status: statusUpdateSchema, spooledAt: z.number() }),
]);
export type SpoolEntry = z.infer<typeof spoolEntrySchema>;

/**
 * Parses a line read back from the spool: a line cut by a crash, or written by a version that
 * spooled another shape, is refused with why (which field), never half-used.
 */
export function readSpoolLine(line: string): { ok: true; entry: SpoolEntry } | { ok: false; error: Error } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: new Error(`spool line is not JSON (cut by a crash?): ${error instanceof Error ? error.message : String(error)}`) };
  }
  const parsed = spoolEntrySchema.safeParse(json);
  return parsed.success ? { ok: true, entry: parsed.data } : { ok: false, error: new Error(`spool line does not parse: ${summarizeIssues(parsed.error)}`) };
}
