import type { HotPath } from '../hotPath/openHotPath';
import { defineSystemStatement } from '../hotPath/systemStatement';

/**
 * The lower bound on `created_at` of the rows the outbox claim may find queued or sending
 * (`outbox_queued_since`, migration `16_outboxQueuedSince`): the oldest month holding one, else the
 * start of the month a day before `:now` (a row queued after this answer is created now, or, with
 * an older `created_at`, is found by the full scan after: `outboxFloors.ts`).
 */
export const outboxQueuedSinceStatement = defineSystemStatement(
  'outbox_queued_since',
  'outbox dispatcher',
  `select outbox_queued_since(date_trunc('month', (:now::timestamptz - interval '1 day') at time zone 'UTC') at time zone 'UTC') as since`,
);

/** The claim's `:queuedSince` at `now` (business time), as ISO text. */
export async function readOutboxQueuedSince(hot: HotPath, now: number): Promise<string> {
  const [row] = await hot.runSystem(outboxQueuedSinceStatement, outboxQueuedSinceStatement.values({ now: new Date(now) }));
  if (!(row?.since instanceof Date)) throw new Error(`outbox_queued_since answered ${String(row?.since)}`);
  return row.since.toISOString();
}
