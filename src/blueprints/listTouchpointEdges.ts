import type { FlowDocument } from './flowSchema';
import { expectsAnswer } from './indexBlueprint';

/** The end of the journey in the touchpoint graph. */
export const END = '$end';

/** Where each touchpoint can lead (touchpoint keys or {@link END}), from its rules, default next and timeout. */
export function listTouchpointEdges(doc: FlowDocument): Map<string, Set<string>> {
  const firstOfPhase = new Map(doc.phases.map((p) => [p.key, p.touchpoints[0].key]));
  const edges = new Map<string, Set<string>>();
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((tp, t) => {
      const out = new Set<string>();
      let unconditional = false;
      for (const rule of tp.rules ?? []) {
        if (rule.end) out.add(END);
        else if (rule.phase !== undefined) out.add(firstOfPhase.get(rule.phase) ?? END);
        else if (rule.goto !== undefined) out.add(rule.goto);
        if (!rule.if) {
          unconditional = true;
          break;
        }
      }
      const next = phase.touchpoints[t + 1]?.key ?? doc.phases[p + 1]?.touchpoints[0].key ?? END;
      if (!unconditional) out.add(next);
      if (expectsAnswer(tp) && tp.type !== 'text' && tp.type !== 'media' && tp.timeout) {
        out.add(tp.timeout.then === 'end' ? END : tp.timeout.then === 'goto' ? (tp.timeout.goto ?? next) : next);
      }
      edges.set(tp.key, out);
    }),
  );
  return edges;
}

/** True when a touchpoint moves on by itself (no pacing, no answer): a loop of these never stops. */
export function isInstant(doc: FlowDocument, key: string): boolean {
  for (const phase of doc.phases) {
    const tp = phase.touchpoints.find((t) => t.key === key);
    if (tp) return !tp.wait && !expectsAnswer(tp);
  }
  return false;
}
