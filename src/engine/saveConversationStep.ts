import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnyMachineSnapshot } from 'xstate';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { LoadedBlueprint } from './loadBlueprintMachine';

/** Saves a conversation's new snapshot; a finished machine completes it. */
export async function saveConversationStep(em: EntityManager, blueprint: LoadedBlueprint, conversationId: string, next: AnyMachineSnapshot, at: number): Promise<void> {
  const done = next.status === 'done';
  await scopedSql(
    em,
    `update conversations set snapshot = :snapshot, version = version + 1, updated_at = :at,
            status = case when :done then 'completed' else status end,
            ended_at = case when :done then :at else ended_at end
      where organization_id = :organization_id and id = :id`,
    { id: conversationId, snapshot: JSON.stringify(blueprint.machine.getPersistedSnapshot(next)), done, at: new Date(at) },
  );
}
