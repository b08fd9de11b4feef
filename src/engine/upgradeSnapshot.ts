import { z } from 'zod';
import { summarizeIssues } from '../text/summarizeIssues';
import { SNAPSHOT_FORMAT, stateValueSchema, storedSnapshotSchema, type StoredSnapshot } from './snapshotFormat';

type Step = { ok: true; value: unknown } | { ok: false; reason: string };

const empty = (what: string) => z.record(z.string(), z.unknown()).refine((value) => Object.keys(value).length === 0, `must be empty: this engine's machines have no ${what}`);

/** Format 1, XState's persisted snapshot; output and error (never set on a stored step) are dropped. */
const format1Schema = z.object({
  status: z.enum(['active', 'done']),
  value: stateValueSchema,
  context: z.unknown(),
  children: empty('child actors'),
  historyValue: empty('history states').optional(),
});

/** Upgrades, by the format they read: each answers the next format's document. */
const upgrades: Record<number, (stored: unknown) => Step> = {
  1(stored) {
    const parsed = format1Schema.safeParse(stored);
    if (!parsed.success) return { ok: false, reason: summarizeIssues(parsed.error) };
    const { status, value, context } = parsed.data;
    return { ok: true, value: { status, value, context } };
  },
};

export type SnapshotReading = { ok: true; snapshot: StoredSnapshot } | { ok: false; reason: string };

/**
 * Reads a stored snapshot of format `format`: an older one is upgraded one format at a time to
 * {@link SNAPSHOT_FORMAT}, then parsed. Answers why not when it cannot be used (newer than this
 * engine, or corrupt: which field and what is wrong).
 */
export function upgradeSnapshot(stored: unknown, format: number): SnapshotReading {
  if (format > SNAPSHOT_FORMAT) return { ok: false, reason: `format ${format} is newer than this engine reads (${SNAPSHOT_FORMAT})` };
  let document = stored;
  for (let from = format; from < SNAPSHOT_FORMAT; from++) {
    const upgrade = upgrades[from];
    if (!upgrade) return { ok: false, reason: `format ${from} has no upgrade to ${from + 1}` };
    const step = upgrade(document);
    if (!step.ok) return { ok: false, reason: `as format ${from}, ${step.reason}` };
    document = step.value;
  }
  const parsed = storedSnapshotSchema.safeParse(document);
  return parsed.success ? { ok: true, snapshot: parsed.data } : { ok: false, reason: summarizeIssues(parsed.error) };
}
