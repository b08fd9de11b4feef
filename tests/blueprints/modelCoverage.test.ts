import { getShortestPaths, getSimplePaths, getStateNodes } from '@xstate/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBlueprint } from '../../src/blueprints/compileBlueprint';
import type { BlueprintMachine } from '../../src/blueprints/compileBlueprint';
import { activeTouchpoint, exploreMachine, sampleEvents, serializeForGraph } from '../../src/blueprints/exploreMachine';
import type { BlueprintSnapshot } from '../../src/blueprints/exploreMachine';
import type { FlowDocument } from '../../src/blueprints/flowSchema';
import { END, listTouchpointEdges } from '../../src/blueprints/listTouchpointEdges';
import { listSampleWorkers } from '../../src/blueprints/listSampleWorkers';
import type { MachineEvent, WorkerFacts } from '../../src/blueprints/machineContract';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { checkJourneyRecords } from './support/checkJourneyRecords';
import { replay, start, step } from './support/replayJourney';
import type { ReplayStep } from './support/replayJourney';

const AT = Date.UTC(2026, 0, 5, 8);
const EXAMPLES = ['flows/onboarding.yaml', 'flows/wellbeing-checkin.yaml', 'flows/safety-training.yaml'];
/** All simple paths are replayed only for machines with at most this many explored states (safety-training has ~1,500). */
const SIMPLE_PATHS_STATE_CAP = 200;
/** ...and only when there are at most this many simple paths to the end. */
const SIMPLE_PATHS_CAP = 5_000;

type Edge = { from: string; event: MachineEvent; to: string };

/** Touchpoint-level moves seen in one step: the active touchpoint, then each one started, then the end. */
function touchpointMoves(before: BlueprintSnapshot | null, s: ReplayStep): Array<[string, string]> {
  const sequence: string[] = [];
  const first = before ? activeTouchpoint(before) : null;
  if (first) sequence.push(first);
  for (const a of s.actions) {
    if (a.type === 'recordProgress' && a.params.scope === 'touchpoint' && a.params.status === 'started') sequence.push(String(a.params.key));
    if (a.type === 'journeyCompleted') sequence.push(END);
  }
  const after = activeTouchpoint(s.snapshot);
  if (after) sequence.push(after); // a paced touchpoint waits before it starts
  const moves: Array<[string, string]> = [];
  for (let i = 1; i < sequence.length; i++) if (sequence[i] !== sequence[i - 1]) moves.push([sequence[i - 1], sequence[i]]);
  return moves;
}

/** Explores one worker's journeys and checks every path through every state and edge. */
function coverWorker(machine: BlueprintMachine, doc: FlowDocument, worker: WorkerFacts) {
  const input = { worker, at: AT };
  const map = exploreMachine(machine, doc, { worker, at: AT });
  const edges: Edge[] = Object.entries(map).flatMap(([from, v]) =>
    (Object.values(v.transitions) as Array<{ event: MachineEvent; state: BlueprintSnapshot }>).map((t) => ({
      from,
      event: t.event,
      to: serializeForGraph(t.state),
    })),
  );

  // Shortest path to every state (@xstate/graph), replayed with pure transitions.
  const shortest = getShortestPaths(machine, {
    input,
    events: (snapshot) => sampleEvents(doc, snapshot, AT),
    serializeState: (snapshot) => serializeForGraph(snapshot),
  });
  expect(shortest.length).toBe(Object.keys(map).length);
  const reach = new Map<string, ReplayStep[]>();
  for (const path of shortest) {
    const events = path.steps.map((s) => s.event).filter((e) => (e as { type: string }).type !== 'xstate.init');
    const steps = replay(machine, input, events);
    const key = serializeForGraph(steps[steps.length - 1].snapshot);
    expect(key).toBe(serializeForGraph(path.state));
    reach.set(key, steps);
  }

  // Shortest way from every state to the end (reverse breadth-first search).
  const toEnd = new Map<string, Edge | null>();
  for (const [key, v] of Object.entries(map)) if (v.state.status === 'done') toEnd.set(key, null);
  let frontier = [...toEnd.keys()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const e of edges) {
      if (!toEnd.has(e.from) && frontier.includes(e.to)) {
        toEnd.set(e.from, e);
        next.push(e.from);
      }
    }
    frontier = next;
  }
  expect(toEnd.size, 'every state can finish').toBe(Object.keys(map).length);

  // Every edge: reach its source, take it, then finish; check what was recorded.
  const moves = new Set<string>();
  let checkedPaths = 0;
  for (const e of edges) {
    const prefix = reach.get(e.from);
    if (!prefix) throw new Error(`no path to ${e.from}`);
    const taken = step(machine, prefix[prefix.length - 1].snapshot, e.event);
    expect(serializeForGraph(taken.snapshot)).toBe(e.to);
    const tail: MachineEvent[] = [];
    for (let key = e.to, hop = toEnd.get(key); hop; key = hop.to, hop = toEnd.get(key)) tail.push(hop.event);
    const steps = [...prefix, ...replay(machine, input, tail, taken)];
    const problems = checkJourneyRecords(doc, steps, worker.badges);
    expect(problems, `path through ${JSON.stringify(e.event)} from ${e.from}`).toEqual([]);
    checkedPaths++;
    steps.forEach((s, i) => touchpointMoves(i === 0 ? null : steps[i - 1].snapshot, s).forEach(([a, b]) => moves.add(`${a}->${b}`)));
  }

  const activeNodes = new Set(Object.values(map).flatMap((v) => v.state._nodes.map((n: { id: string }) => n.id)));
  return { states: Object.keys(map).length, edges: edges.length, checkedPaths, moves, activeNodes };
}

describe.each(EXAMPLES)('model-based coverage of %s', (file) => {
  const { doc } = validateFlowFile(file);
  if (!doc) throw new Error(`${file} does not validate`);
  const machine = compileBlueprint(doc);
  const workers = listSampleWorkers(doc, AT);
  let results: Array<ReturnType<typeof coverWorker>> = [];
  let moves = new Set<string>();
  let activeNodes = new Set<string>();
  beforeAll(() => {
    results = workers.map((worker) => coverWorker(machine, doc, worker));
    moves = new Set(results.flatMap((r) => [...r.moves]));
    activeNodes = new Set(results.flatMap((r) => [...r.activeNodes]));
  });

  it('replays a path through every explored state and edge, each ending and recording what it should', () => {
    for (const r of results) {
      expect(r.checkedPaths).toBe(r.edges);
      expect(r.states).toBeGreaterThan(3);
    }
  });

  it('covers every branch between touchpoints: rules, default next, timeouts', () => {
    const expected = [...listTouchpointEdges(doc)].flatMap(([from, tos]) => [...tos].map((to) => `${from}->${to}`));
    const missing = expected.filter((m) => !moves.has(m));
    expect(missing).toEqual([]);
  });

  it('visits every stable state node of the compiled machine', () => {
    const transient = (id: string) => id.endsWith('.decide') || id.endsWith('._complete');
    const stable = getStateNodes(machine.root).filter((n) => n.type === 'atomic' || n.type === 'final').map((n) => n.id).filter((id) => !transient(id));
    const instantPresent = doc.phases.flatMap((p) => p.touchpoints.filter((t) => t.type === 'text' || t.type === 'media').map((t) => `${doc.blueprint.key}.${p.key}.${t.key}.present`));
    const missing = stable.filter((id) => !instantPresent.includes(id) && !activeNodes.has(id));
    expect(missing).toEqual([]);
  });

  it(`replays every simple path to the end when the machine has at most ${SIMPLE_PATHS_STATE_CAP} states`, () => {
    for (const [i, worker] of workers.entries()) {
      if (results[i].states > SIMPLE_PATHS_STATE_CAP) continue;
      const input = { worker, at: AT };
      const paths = getSimplePaths(machine, {
        input,
        events: (snapshot) => sampleEvents(doc, snapshot, AT),
        serializeState: (snapshot) => serializeForGraph(snapshot),
        toState: (snapshot) => snapshot.status === 'done',
      });
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.length).toBeLessThanOrEqual(SIMPLE_PATHS_CAP);
      for (const path of paths) {
        const events = path.steps.map((s) => s.event).filter((e) => (e as { type: string }).type !== 'xstate.init');
        const steps = replay(machine, input, events);
        expect(checkJourneyRecords(doc, steps, worker.badges), JSON.stringify(events)).toEqual([]);
      }
    }
  });

  it('starts with a message or a pacing timer, and the same start gives the same result', () => {
    const first = start(machine, { worker: workers[0], at: AT });
    expect(first.actions.some((a) => a.type === 'sendContent' || a.type === 'xstate.raise')).toBe(true);
    expect(JSON.stringify(start(machine, { worker: workers[0], at: AT }).actions)).toBe(JSON.stringify(first.actions));
  });
});
