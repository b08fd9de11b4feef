import type { ConversationRow } from './engineRows';
import type { LoadedBlueprint } from './loadBlueprintMachine';
import { SNAPSHOT_FORMAT } from './snapshotFormat';
import { upgradeSnapshot } from './upgradeSnapshot';

/**
 * Restores a conversation's persisted snapshot for a pure transition, upgraded from an older
 * format when needed (`upgraded`: it is to be written back in the current one). A snapshot that
 * cannot be used is refused with an error naming the conversation and what is wrong: the step
 * fails as a whole (its transaction rolls back), never runs on part of it.
 */
export function restoreSnapshot(blueprint: LoadedBlueprint, conversation: Pick<ConversationRow, 'id' | 'snapshot' | 'snapshot_format'>) {
  const refuse = (reason: string) => new Error(`Conversation ${conversation.id} has a snapshot (format ${conversation.snapshot_format}) this engine cannot use: ${reason}`);
  const reading = upgradeSnapshot(conversation.snapshot, conversation.snapshot_format);
  if (!reading.ok) throw refuse(reading.reason);
  try {
    return { snapshot: blueprint.machine.resolveState(reading.snapshot), upgraded: conversation.snapshot_format !== SNAPSHOT_FORMAT };
  } catch (error) {
    // e.g. a state value naming a state this blueprint version does not have
    throw refuse(error instanceof Error ? error.message : String(error));
  }
}
