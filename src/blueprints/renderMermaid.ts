import type { FlowDocument, Touchpoint, Wait } from './flowSchema';
import type { BlueprintMachine } from './compileBlueprint';
import { describeCondition } from './describeCondition';

type ConfigNode = {
  states?: Record<string, ConfigNode>;
  type?: string;
  always?: TransitionLike[] | TransitionLike;
  after?: Record<string, TransitionLike | TransitionLike[]>;
  on?: Record<string, TransitionLike | TransitionLike[]>;
  onDone?: TransitionLike;
};
type TransitionLike = { target?: string | string[]; guard?: { type: string; params?: { touchpoint?: string; index?: number } } };

const safe = (text: string) => text.replace(/[^A-Za-z0-9_]/g, '_');
const label = (text: string) => text.replace(/[;#"]/g, ' ').replace(/\s+/g, ' ').trim();
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function describeWait(wait: Wait): string {
  if ('duration' in wait) return `wait ${wait.duration}`;
  if ('day' in wait) return `day ${wait.day} at ${wait.at}`;
  return `${wait.weekday ? `${wait.weekday} ` : ''}at ${wait.until}`;
}

type Edge = { from: string; to: string; label?: string };

/** One line per source and target: the labels of parallel edges joined ("a / b"), so they are not drawn on top of each other. */
function edgeLines(edges: Edge[], indent: string): string[] {
  const merged = new Map<string, Edge>();
  for (const edge of edges) {
    const key = `${edge.from} ${edge.to} ${edge.label === undefined}`;
    const seen = merged.get(key);
    if (seen?.label !== undefined && edge.label !== undefined) seen.label = `${seen.label} / ${edge.label}`;
    else if (!seen) merged.set(key, { ...edge });
  }
  return [...merged.values()].map((e) => `${indent}${e.from} --> ${e.to}${e.label === undefined ? '' : ` : ${e.label}`}`);
}

/**
 * A Mermaid `stateDiagram-v2` of a compiled blueprint machine: phases as
 * composite states, touchpoints inside, branches labelled with their
 * conditions, timeouts and pacing noted. An edge into another phase (or to
 * the journey's end) is written at the top level, after every phase: Mermaid
 * places a state in the block where it is first named, so such an edge inside
 * the source phase's block would draw the target phase nested in it.
 */
export function renderMermaid(machine: BlueprintMachine, doc: FlowDocument): string {
  const config = machine.config as ConfigNode;
  const machineId = doc.blueprint.key;
  const tps = new Map<string, { tp: Touchpoint; phase: string }>();
  doc.phases.forEach((p) => p.touchpoints.forEach((tp) => tps.set(tp.key, { tp, phase: p.key })));
  const lines = ['stateDiagram-v2', `  %% ${doc.blueprint.title} (${machineId})`];
  const endId = 'journey_end';
  const phaseOf = (target: string): string | undefined => {
    const first = target.replace(/^#/, '').split('.')[1];
    return first === '_done' ? undefined : first;
  };
  const crossing: Edge[] = [];
  const nodeOf = (target: string): string => {
    const parts = target.replace(/^#/, '').split('.').slice(1);
    if (parts[0] === '_done') return endId;
    if (parts.length === 1) return safe(parts[0]);
    if (parts[1] === '_complete') return `${safe(parts[0])}__end`;
    return safe(`${parts[0]}__${parts[1]}`);
  };
  const edgeLabel = (t: TransitionLike, fallback: string): string => {
    if (t.guard?.type === 'rule' && t.guard.params?.touchpoint !== undefined) {
      const rule = tps.get(t.guard.params.touchpoint)?.tp.rules?.[t.guard.params.index ?? 0];
      return describeCondition(rule?.if);
    }
    return fallback;
  };
  lines.push(`  [*] --> ${safe(doc.phases[0].key)}`);
  for (const phase of doc.phases) {
    const phaseNode = config.states?.[phase.key];
    const phaseId = safe(phase.key);
    const phaseTitle = label(phase.title[doc.blueprint.defaultLanguage] ?? phase.key).replace(/:/g, ' -');
    lines.push(`  state "${phaseTitle}" as ${phaseId} {`);
    lines.push(`    [*] --> ${safe(`${phase.key}__${phase.touchpoints[0].key}`)}`);
    const inner: Edge[] = [];
    const add = (edge: Edge, target: string) => (phaseOf(target) === phase.key ? inner : crossing).push(edge);
    for (const tp of phase.touchpoints) {
      const id = safe(`${phase.key}__${tp.key}`);
      const note = tp.wait ? ` · ${describeWait(tp.wait)}` : '';
      lines.push(`    ${id} : ${label(`${tp.key} (${tp.type})${note}`)}`);
      const sub = phaseNode?.states?.[tp.key]?.states ?? {};
      const decisions = list(sub.decide?.always ?? sub.present?.always);
      const hasRules = (tp.rules ?? []).length > 0;
      for (const t of decisions) {
        for (const target of list(t.target)) add({ from: id, to: nodeOf(target), label: hasRules || t.guard ? label(edgeLabel(t, 'otherwise')) : undefined }, target);
      }
      for (const [delay, transitions] of Object.entries(sub.present?.after ?? {})) {
        const after = tp.type !== 'text' && tp.type !== 'media' ? tp.timeout?.after : undefined;
        for (const t of list(transitions)) {
          for (const target of list(t.target)) add({ from: id, to: nodeOf(target), label: label(`no answer in ${after ?? delay}`) }, target);
        }
      }
    }
    lines.push(`    state "phase done" as ${phaseId}__end`);
    lines.push(...edgeLines(inner, '    '));
    lines.push(`    ${phaseId}__end --> [*]`);
    lines.push('  }');
    for (const target of list(phaseNode?.onDone?.target)) lines.push(`  ${phaseId} --> ${nodeOf(target)}`);
  }
  lines.push(`  state "journey completed" as ${endId}`, ...edgeLines(crossing, '  '), `  ${endId} --> [*]`);
  return `${lines.join('\n')}\n`;
}
