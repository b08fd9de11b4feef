import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnyMachineSnapshot } from 'xstate';
import { scopedSql } from '../db/tenancy/scopedSql';
import { SNAPSHOT_FORMAT, toStoredSnapshot } from './snapshotFormat';

/**
 * Saves a conversation's step: `version` counts every step (the drills' exactly-once check), the
 * snapshot is written (in the current format) only when it changed from `previous` (an event the machine ignores,
 * such as a message during a pacing wait, leaves the stored snapshot alone); a finished machine completes it.
 */
export async function saveConversationStep(em: EntityManager, conversationId: string, next: AnyMachineSnapshot, at: number, previous?: AnyMachineSnapshot): Promise<void> {
  const snapshot = JSON.stringify(toStoredSnapshot(next));
  if (previous && snapshot === JSON.stringify(toStoredSnapshot(previous))) {
    await scopedSql(em, 'update conversations set version = version + 1, updated_at = :at where organization_id = :organization_id and id = :id', { id: conversationId, at: new Date(at) });
    return;
  }
  const done = next.status === 'done';
  await scopedSql(
    em,
    `update conversations set snapshot = :snapshot, snapshot_format = :format, version = version + 1, updated_at = :at,
            status = case when :done then 'completed' else status end,
            ended_at = case when :done then :at else ended_at end
      where organization_id = :organization_id and id = :id`,
    { id: conversationId, snapshot, format: SNAPSHOT_FORMAT, done, at: new Date(at) },
  );
}
