import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { compileBlueprint } from '../../src/blueprints/compileBlueprint';
import { exploreMachine, sampleEvents } from '../../src/blueprints/exploreMachine';
import { listSampleWorkers } from '../../src/blueprints/listSampleWorkers';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { transitionRestored } from '../../src/engine/transitionRestored';

const FLOWS = ['flows/bench-quiz.yaml', 'flows/onboarding.yaml', 'flows/wellbeing-checkin.yaml', 'flows/safety-training.yaml', 'flows/lifting-quiz.yaml'];
const enrolledAt = Date.UTC(2026, 0, 5, 13);

const plain = (actions: ReadonlyArray<{ type: string; params?: unknown }>) => actions.map((a) => ({ type: a.type, params: a.params ?? {} }));

describe.each(FLOWS)('transitionRestored on %s', (file) => {
  it("answers what XState's transition() answers from every reachable snapshot, for every sampled event", () => {
    const doc = validateFlowFile(file).doc;
    if (!doc) throw new Error(`${file} does not validate`);
    const machine = compileBlueprint(doc);
    let compared = 0;
    // The first sample worker: exploring every one takes minutes on the larger flows.
    for (const worker of listSampleWorkers(doc, enrolledAt).slice(0, 1)) {
      const at = enrolledAt + 3_600_000;
      const reachable = exploreMachine(machine, doc, { worker, at });
      for (const { state } of Object.values(reachable)) {
        // As the engine runs a step: from the stored snapshot, restored.
        const restored = machine.resolveState(JSON.parse(JSON.stringify({ status: state.status, value: state.value, context: state.context })));
        for (const event of sampleEvents(doc, restored, at)) {
          const [expectedNext, expectedActions] = transition(machine, restored, event);
          const [next, actions] = transitionRestored(machine, restored, event);
          expect({ status: next.status, value: next.value, context: next.context }).toEqual({ status: expectedNext.status, value: expectedNext.value, context: expectedNext.context });
          expect(plain(actions)).toEqual(plain(expectedActions));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
