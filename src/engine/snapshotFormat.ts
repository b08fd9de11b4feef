import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import { machineContextSchema } from '../blueprints/machineContract';

/**
 * The format of persisted snapshots (`conversations.snapshot_format`). When it changes, add an
 * upgrade from the previous format to `upgradeSnapshot`, so that an old snapshot is upgraded,
 * never dropped or half-used.
 *
 * - 1: XState's own persisted snapshot (`getPersistedSnapshot`: status, value, context, children, historyValue).
 * - 2: the engine's record of where a conversation is: status, state value and the machine's
 *   context, nothing of XState's internals, so an XState upgrade does not change what is stored.
 */
export const SNAPSHOT_FORMAT = 2;

/** A machine's state value: a state name, or the states inside a parent state by its name. */
type StateValue = string | { [state: string]: StateValue };
export const stateValueSchema: z.ZodType<StateValue> = z.lazy(() => z.union([z.string(), z.record(z.string(), stateValueSchema)]));

/** A snapshot as stored in format {@link SNAPSHOT_FORMAT}. */
export const storedSnapshotSchema = z.strictObject({
  status: z.enum(['active', 'done']),
  value: stateValueSchema,
  context: machineContextSchema,
});
export type StoredSnapshot = z.infer<typeof storedSnapshotSchema>;

/** The record of a machine snapshot that is stored. */
export function toStoredSnapshot(snapshot: AnyMachineSnapshot): StoredSnapshot {
  if (snapshot.status !== 'active' && snapshot.status !== 'done') throw new Error(`A machine snapshot with status ${snapshot.status} cannot be stored`);
  return { status: snapshot.status, value: snapshot.value as StateValue, context: snapshot.context as StoredSnapshot['context'] };
}
