import { getAdjacencyMap } from '@xstate/graph';
import type { AdjacencyMap } from '@xstate/graph';
import { __unsafe_getAllOwnEventDescriptors } from 'xstate';
import type { FlowDocument } from './flowSchema';
import type { BlueprintMachine } from './compileBlueprint';
import type { MachineEvent, WorkerFacts } from './machineContract';
import { pickLanguage } from './renderText';

export type BlueprintSnapshot = ReturnType<BlueprintMachine['transition']>;

/** Active touchpoint key of a snapshot, or null at the end. */
export function activeTouchpoint(snapshot: BlueprintSnapshot): string | null {
  const value = snapshot.value;
  if (typeof value === 'string') return null;
  for (const phaseValue of Object.values(value)) {
    if (typeof phaseValue === 'string') return phaseValue.startsWith('_') ? null : phaseValue;
    if (phaseValue) return Object.keys(phaseValue)[0] ?? null;
  }
  return null;
}

/** A finite set of answers a worker might send to a touchpoint (one per option, and garbage). */
export function sampleAnswers(doc: FlowDocument, key: string, at: number): MachineEvent[] {
  const tp = doc.phases.flatMap((p) => p.touchpoints).find((t) => t.key === key);
  if (!tp) return [];
  const lang = doc.blueprint.defaultLanguage;
  const answer = (text: string, replyId?: string): MachineEvent => ({ type: 'ANSWER', text, ...(replyId ? { replyId } : {}), at });
  switch (tp.type) {
    case 'quiz':
    case 'question':
      if (tp.options) return [...tp.options.map((o) => answer(pickLanguage(o.text, lang, lang), o.id)), answer('zzz')];
      return [answer('It went well, thanks'), answer('')];
    case 'reflection':
      return [answer('It went well, thanks'), answer('')];
    case 'wellbeing':
      return [...['1', '2', '3', '4', '5'].map((n) => answer(n)), answer('zzz')];
    default:
      return [];
  }
}

/** A reminder timer is pending exactly while fewer reminders than the count were sent. */
function reminderPending(doc: FlowDocument, key: string, snapshot: BlueprintSnapshot): boolean {
  const tp = doc.phases.flatMap((p) => p.touchpoints).find((t) => t.key === key);
  const count = tp && tp.type !== 'text' && tp.type !== 'media' ? (tp.reminders?.count ?? 0) : 0;
  return snapshot.context.remindersSent < count;
}

/** Events to try in a snapshot: sample answers, due reminders and due delays, all at `at`. */
export function sampleEvents(doc: FlowDocument, snapshot: BlueprintSnapshot, at: number): MachineEvent[] {
  const key = activeTouchpoint(snapshot);
  const events: MachineEvent[] = [];
  for (const type of __unsafe_getAllOwnEventDescriptors(snapshot)) {
    if (type === 'ANSWER' && key) events.push(...sampleAnswers(doc, key, at));
    else if (type === 'REMINDER' && key && reminderPending(doc, key, snapshot)) events.push({ type: 'REMINDER', touchpoint: key, at });
    else if (type.startsWith('xstate.after.')) events.push({ type: type as `xstate.after.${string}`, at });
    else if (type === 'WORKER_UPDATED') events.push({ type, worker: snapshot.context.worker, at });
  }
  return events;
}

/**
 * Identity of a snapshot for graph search: state value and the parts of the
 * context that change behaviour, with attempt counters capped at 2 so that
 * remediation loops stay finite.
 */
export function serializeForGraph(snapshot: BlueprintSnapshot): string {
  const c = snapshot.context;
  const attempts = Object.fromEntries(Object.entries(c.quizAttempts).map(([k, n]) => [k, Math.min(n, 2)]).sort());
  return JSON.stringify({
    value: snapshot.value,
    scores: Object.entries(c.scores).sort(),
    attempts,
    missed: [...c.missedQuizzes].sort(),
    a: c.attempts,
    r: c.remindersSent,
    last: c.last,
    awarded: [...c.awarded].sort(),
  });
}

export type ExploreOptions = {
  worker: WorkerFacts;
  /** Time carried by every event, epoch ms. */
  at: number;
  /** Maximum number of snapshots to visit. */
  limit?: number;
};

/** Every snapshot reachable with the sampled events, as an @xstate/graph adjacency map. */
export function exploreMachine(machine: BlueprintMachine, doc: FlowDocument, options: ExploreOptions): AdjacencyMap<BlueprintSnapshot, MachineEvent> {
  return getAdjacencyMap(machine, {
    input: { worker: options.worker, at: options.at },
    events: (snapshot) => sampleEvents(doc, snapshot, options.at),
    serializeState: (snapshot) => serializeForGraph(snapshot),
    limit: options.limit ?? 20_000,
  });
}
