import type { ConversationRow } from './engineRows';
import type { LoadedBlueprint } from './loadBlueprintMachine';

/**
 * The format of persisted snapshots. When it changes, add an upgrade from the previous format
 * here, so that an old snapshot is upgraded, never dropped.
 */
export const SNAPSHOT_FORMAT = 1;

/** Restores a persisted snapshot for a pure transition. */
export function restoreSnapshot(blueprint: LoadedBlueprint, conversation: Pick<ConversationRow, 'id' | 'snapshot' | 'snapshot_format'>) {
  if (conversation.snapshot_format !== SNAPSHOT_FORMAT) {
    throw new Error(`Conversation ${conversation.id} has snapshot format ${conversation.snapshot_format}; this engine reads ${SNAPSHOT_FORMAT}`);
  }
  return blueprint.machine.resolveState(conversation.snapshot as Parameters<typeof blueprint.machine.resolveState>[0]);
}
