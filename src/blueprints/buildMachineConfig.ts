import type { Phase, Rule, Touchpoint } from './flowSchema';
import type { BlueprintIndex } from './indexBlueprint';
import { expectsAnswer } from './indexBlueprint';

/** Name of the final state that ends each phase. */
export const PHASE_END = '_complete';
/** Name of the journey's final state. */
export const JOURNEY_END = '_done';

type EndedBy = 'finished' | 'rule' | 'timeout';
/** Actions referenced by the config (static params only: the config is plain data). */
export type ConfigAction =
  | { type: 'present' | 'remind' | 'hint' | 'accept' | 'timeOut'; params: { touchpoint: string } }
  | { type: 'completePhase'; params: { phase: string } }
  | { type: 'finish'; params: { endedBy: EndedBy } }
  | { type: 'updateWorker' };
export type ConfigGuard =
  | { type: 'retry' | 'reminderDue'; params: { touchpoint: string } }
  | { type: 'rule'; params: { touchpoint: string; index: number } };
export type TransitionSpec = { target?: string; guard?: ConfigGuard; actions?: ConfigAction[]; description?: string };
export type StateSpec = {
  initial?: string;
  type?: 'final';
  entry?: ConfigAction[];
  on?: Record<string, TransitionSpec[]>;
  after?: Record<string, TransitionSpec>;
  always?: TransitionSpec[];
  onDone?: TransitionSpec;
  states?: Record<string, StateSpec>;
  description?: string;
};

/** Plain-data state tree of a blueprint's machine (no functions, so it compares and prints). */
export function buildMachineConfig(index: BlueprintIndex, machineId: string): Record<string, StateSpec> {
  const { doc } = index;
  const finish = (endedBy: EndedBy): ConfigAction => ({ type: 'finish', params: { endedBy } });
  const touchpointTarget = (key: string): string => {
    const entry = index.touchpoints.get(key);
    if (!entry) throw new Error(`unknown touchpoint ${key}`);
    return `#${machineId}.${entry.phase.key}.${key}`;
  };
  const next = (phase: Phase, position: number): string => {
    const following = phase.touchpoints[position + 1];
    return following ? `#${machineId}.${phase.key}.${following.key}` : `#${machineId}.${phase.key}.${PHASE_END}`;
  };
  const phaseIndex = (key: string | undefined): number => (key === undefined ? -1 : (index.phases.get(key)?.index ?? -1));
  // Leaving a phase by a rule that goes forward (a later phase, or the end) completes it.
  const ruleTransition = (phase: Phase, touchpoint: Touchpoint, rule: Rule, ruleIndex: number): TransitionSpec => {
    const guard: ConfigGuard = { type: 'rule', params: { touchpoint: touchpoint.key, index: ruleIndex } };
    const complete: ConfigAction = { type: 'completePhase', params: { phase: phase.key } };
    const here = phaseIndex(phase.key);
    if (rule.end) return { target: `#${machineId}.${JOURNEY_END}`, guard, actions: [complete, finish('rule')] };
    const targetPhase = rule.phase ?? index.touchpoints.get(rule.goto ?? '')?.phase.key;
    const actions = phaseIndex(targetPhase) > here ? [complete] : undefined;
    if (rule.phase) return { target: `#${machineId}.${rule.phase}`, guard, ...(actions ? { actions } : {}) };
    return { target: touchpointTarget(rule.goto ?? ''), guard, ...(actions ? { actions } : {}) };
  };
  // Rules in order; the default next only when no rule before it always applies.
  const decisions = (phase: Phase, touchpoint: Touchpoint, position: number): TransitionSpec[] => {
    const rules = touchpoint.rules ?? [];
    const unconditional = rules.findIndex((rule) => !rule.if);
    const used = unconditional >= 0 ? rules.slice(0, unconditional + 1) : rules;
    const transitions = used.map((rule, i) => ruleTransition(phase, touchpoint, rule, i));
    return unconditional >= 0 ? transitions : [...transitions, { target: next(phase, position) }];
  };

  const touchpointState = (phase: Phase, touchpoint: Touchpoint, position: number): StateSpec => {
    const key = touchpoint.key;
    const params = { touchpoint: key };
    const states: Record<string, StateSpec> = {};
    if (touchpoint.wait) states.waiting = { after: { [`pace_${key}`]: { target: 'present' } } };
    if (!expectsAnswer(touchpoint)) {
      states.present = { entry: [{ type: 'present', params }], always: decisions(phase, touchpoint, position) };
    } else {
      const answered = touchpoint.type !== 'text' && touchpoint.type !== 'media' ? touchpoint : null;
      const ask: StateSpec = {
        entry: [{ type: 'present', params }],
        on: {
          ANSWER: [
            { guard: { type: 'retry', params }, actions: [{ type: 'hint', params }] },
            { target: 'decide', actions: [{ type: 'accept', params }] },
          ],
        },
      };
      if (answered?.reminders) {
        ask.on = { ...ask.on, REMINDER: [{ guard: { type: 'reminderDue', params }, actions: [{ type: 'remind', params }] }] };
      }
      const timeout = answered?.timeout;
      if (timeout) {
        const actions: ConfigAction[] = [{ type: 'timeOut', params }];
        const target =
          timeout.then === 'end'
            ? `#${machineId}.${JOURNEY_END}`
            : timeout.then === 'goto'
              ? touchpointTarget(timeout.goto ?? '')
              : next(phase, position);
        if (timeout.then === 'end') actions.push(finish('timeout'));
        ask.after = { [`timeout_${key}`]: { target, actions } };
      }
      states.present = ask;
      states.decide = { always: decisions(phase, touchpoint, position) };
    }
    return { initial: touchpoint.wait ? 'waiting' : 'present', states };
  };

  const root: Record<string, StateSpec> = {};
  doc.phases.forEach((phase, phaseIndex) => {
    const states: Record<string, StateSpec> = {};
    phase.touchpoints.forEach((touchpoint, position) => {
      states[touchpoint.key] = touchpointState(phase, touchpoint, position);
    });
    states[PHASE_END] = { type: 'final' };
    const following = doc.phases[phaseIndex + 1];
    const actions: ConfigAction[] = [{ type: 'completePhase', params: { phase: phase.key } }];
    if (!following) actions.push(finish('finished'));
    root[phase.key] = {
      initial: phase.touchpoints[0].key,
      states,
      onDone: { target: following ? `#${machineId}.${following.key}` : `#${machineId}.${JOURNEY_END}`, actions },
    };
  });
  root[JOURNEY_END] = { type: 'final' };
  return root;
}
