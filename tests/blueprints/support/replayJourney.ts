import { initialTransition, transition } from 'xstate';
import type { BlueprintMachine } from '../../../src/blueprints/compileBlueprint';
import type { BlueprintSnapshot } from '../../../src/blueprints/exploreMachine';
import type { MachineEvent, MachineInput } from '../../../src/blueprints/machineContract';

/** One action as `transition()` returns it, reduced to what the engine reads. */
export type PlainAction = { type: string; params: Record<string, unknown> };

/** One step of a replayed journey. */
export type ReplayStep = { event: MachineEvent | null; actions: PlainAction[]; snapshot: BlueprintSnapshot };

function plain(actions: ReadonlyArray<{ type: string; params?: unknown }>): PlainAction[] {
  return actions.map((a) => ({ type: a.type, params: (a.params ?? {}) as Record<string, unknown> }));
}

/** Persists and restores a snapshot the way the engine does (JSON, then resolveState). */
export function roundTrip(machine: BlueprintMachine, snapshot: BlueprintSnapshot): BlueprintSnapshot {
  return machine.resolveState(JSON.parse(JSON.stringify(snapshot)));
}

/** Starts a journey with a pure `initialTransition()`. */
export function start(machine: BlueprintMachine, input: MachineInput): ReplayStep {
  const [snapshot, actions] = initialTransition(machine, input);
  return { event: null, actions: plain(actions), snapshot };
}

/** One pure `transition()` from a persisted-and-restored snapshot. */
export function step(machine: BlueprintMachine, from: BlueprintSnapshot, event: MachineEvent): ReplayStep {
  const [snapshot, actions] = transition(machine, roundTrip(machine, from), event);
  return { event, actions: plain(actions), snapshot };
}

/** Replays events from `from` (or from the start), returning every step. */
export function replay(machine: BlueprintMachine, input: MachineInput, events: MachineEvent[], from?: ReplayStep): ReplayStep[] {
  const steps = [from ?? start(machine, input)];
  for (const event of events) steps.push(step(machine, steps[steps.length - 1].snapshot, event));
  return steps;
}
