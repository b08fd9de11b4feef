import type { EntityManager } from '@mikro-orm/postgresql';
import { archiveExpiredPartitions } from './archiveExpiredPartitions';
import { archiveExpiredRows } from './archiveExpiredRows';
import { ensureMessagePartitions } from './ensureMessagePartitions';
import { historyCutoffs } from './historyRetention';
import { pruneInboundProviderIds } from './pruneInboundProviderIds';

export interface HistoryMaintenance {
  /** Months whose partition was created ahead, e.g. `['2027-03-01']`. */
  created: string[];
  /** Month partitions exported and dropped, e.g. `['messages_p2025_06']`. */
  dropped: string[];
  /** Rows exported and deleted per organization, from the months kept. */
  archived: Record<string, number>;
  /** Inbound provider ids forgotten (past the dedupe window). */
  forgottenProviderIds: number;
}

/**
 * One pass over the message history at `now` (README "Partitioned history"): partitions created
 * ahead, whole months past every organization's retention exported and dropped, then each
 * organization's own rows past its retention exported and deleted, and old dedupe ids forgotten.
 * `system` is a system-scoped EntityManager; archives go to `archiveDir` (DATA_DIR/archive).
 */
export async function runHistoryMaintenance(system: EntityManager, now: Date, archiveDir: string): Promise<HistoryMaintenance> {
  const created = await ensureMessagePartitions(system, now);
  const cutoffs = await historyCutoffs(system, now);
  const dropped = await archiveExpiredPartitions(system, cutoffs, now, archiveDir);
  const archived = await archiveExpiredRows(system, cutoffs, now, archiveDir);
  const forgottenProviderIds = await pruneInboundProviderIds(system, now);
  return { created, dropped, archived, forgottenProviderIds };
}
