import { createActor, type ActorScope, type EventFromLogic, type ExecutableActionsFrom, type SnapshotFrom } from 'xstate';
import type { BlueprintMachine } from '../blueprints/compileBlueprint';

type Snapshot = SnapshotFrom<BlueprintMachine>;
type Event = EventFromLogic<BlueprintMachine>;
type Action = ExecutableActionsFrom<BlueprintMachine>;

const ignore = () => undefined;

/**
 * XState's pure `transition(machine, snapshot, event)`: the next snapshot and the actions to
 * execute, none executed. XState's own builds its throwaway actor from the machine's initial
 * state, which without the input our machines need throws (and catches) an error, costing twice
 * the step itself; this one restores that actor from `snapshot` (a conversation's snapshot has
 * no child actors to restore).
 */
export function transitionRestored(machine: BlueprintMachine, snapshot: Snapshot, event: Event): [Snapshot, Action[]] {
  const actions: Action[] = [];
  // Restored, the actor reads no input (XState's types ask for the key all the same).
  const self = createActor(machine, { snapshot, input: undefined });
  const scope: ActorScope<Snapshot, Event> = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: ignore,
    defer: ignore,
    emit: ignore,
    stopChild: ignore,
    actionExecutor: (action) => {
      actions.push(action as Action);
    },
  };
  return [machine.transition(snapshot, event, scope), actions];
}
