import type { FlowDocument } from './flowSchema';
import type { DocPath, Report } from './createIssueReporter';
import { END, isInstant, listTouchpointEdges } from './listTouchpointEdges';

/**
 * Touchpoints that can never be reached, touchpoints from which the end can
 * never be reached, and loops of touchpoints that never wait (which would
 * spin forever). Run after {@link checkStructure} found no unknown targets.
 */
export function checkReachability(doc: FlowDocument, report: Report): void {
  const edges = listTouchpointEdges(doc);
  const pathOf = new Map<string, DocPath>();
  doc.phases.forEach((phase, p) => phase.touchpoints.forEach((tp, t) => pathOf.set(tp.key, ['phases', p, 'touchpoints', t])));
  const start = doc.phases[0].touchpoints[0].key;

  const reached = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const key = queue.shift() ?? '';
    for (const next of edges.get(key) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  for (const [key, path] of pathOf) {
    if (!reached.has(key)) {
      report('error', 'unreachable', path, `touchpoint '${key}'`, 'can never be reached: the touchpoint before it always branches elsewhere; add a rule that goes to it or remove it');
    }
  }

  // Reverse reachability from the end.
  const finishing = new Set<string>([END]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, outs] of edges) {
      if (!finishing.has(key) && [...outs].some((o) => finishing.has(o))) {
        finishing.add(key);
        grew = true;
      }
    }
  }
  const reachesItself = (key: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(edges.get(key) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() ?? '';
      if (next === key) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
    return false;
  };
  // Report the touchpoints of the loop itself, not everything leading into it.
  for (const [key, path] of pathOf) {
    if (reached.has(key) && !finishing.has(key) && reachesItself(key)) {
      report('error', 'never-finishes', path, `touchpoint '${key}'`, 'leads only into a loop that never reaches the end: add a rule or a timeout that leaves the loop');
    }
  }

  // Loops made only of touchpoints that neither wait nor ask.
  const instantEdges = (key: string) => [...(edges.get(key) ?? [])].filter((k) => k !== END && isInstant(doc, k));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (key: string, trail: string[]): void => {
    state.set(key, 'open');
    for (const next of instantEdges(key)) {
      if (state.get(next) === 'open') {
        const from = trail.indexOf(next);
        const loop = from >= 0 ? [...trail.slice(from), key, next] : [key, next];
        report('error', 'instant-loop', pathOf.get(next) ?? [], `touchpoint '${next}'`, `is in a loop that never waits for the worker (${loop.join(' → ')}): add a question, a \`wait\`, or a rule that leaves`);
      } else if (!state.has(next)) visit(next, [...trail, key]);
    }
    state.set(key, 'done');
  };
  for (const key of pathOf.keys()) if (isInstant(doc, key) && !state.has(key)) visit(key, []);
}
