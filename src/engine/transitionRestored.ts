import { createActor, type ActorScope, type EventFromLogic, type ExecutableActionsFrom, type SnapshotFrom } from 'xstate';
import type { BlueprintMachine } from '../blueprints/compileBlueprint';

type Snapshot = SnapshotFrom<BlueprintMachine>;
type Event = EventFromLogic<BlueprintMachine>;
type Action = ExecutableActionsFrom<BlueprintMachine>;
type Self = ActorScope<Snapshot, Event>['self'];

const ignore = () => undefined;

/**
 * One never-started actor per machine, the `self` of its transitions: building an actor restores
 * a snapshot and makes a system (a quarter of a step's transition), and nothing of a step reads
 * the actor's own snapshot (actions come back unexecuted, and these machines have no children).
 */
const selves = new WeakMap<BlueprintMachine, Self>();

function selfOf(machine: BlueprintMachine, snapshot: Snapshot): Self {
  let self = selves.get(machine);
  if (!self) {
    // Restored, the actor reads no input (XState's types ask for the key all the same).
    self = createActor(machine, { snapshot, input: undefined });
    selves.set(machine, self);
  }
  return self;
}

/**
 * XState's pure `transition(machine, snapshot, event)`: the next snapshot and the actions to
 * execute, none executed. XState's own builds its throwaway actor from the machine's initial
 * state, which without the input our machines need throws (and catches) an error, costing twice
 * the step itself; this one uses an actor restored once per machine.
 */
export function transitionRestored(machine: BlueprintMachine, snapshot: Snapshot, event: Event): [Snapshot, Action[]] {
  const actions: Action[] = [];
  const self = selfOf(machine, snapshot);
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
