import type { FlowDocument } from './flowSchema';
import type { DocPath, Report } from './createIssueReporter';
import { compileBlueprintUncached } from './compileBlueprint';
import { activeTouchpoint, exploreMachine, serializeForGraph } from './exploreMachine';
import type { BlueprintSnapshot } from './exploreMachine';
import { listSampleWorkers } from './listSampleWorkers';

/** Most snapshots explored per sample worker before giving up (count). */
export const EXPLORE_LIMIT = 50_000;

/** Fixed instant used for exploration (2026-01-05T08:00:00Z, a Monday), epoch ms. */
export const EXPLORE_AT = Date.UTC(2026, 0, 5, 8);

/**
 * Explores the compiled machine with @xstate/graph (sample answers, due
 * reminders, delays) for sample workers, and reports touchpoints from which
 * the journey can never finish.
 */
export function checkTermination(doc: FlowDocument, report: Report): void {
  const machine = compileBlueprintUncached(doc);
  const pathOf = new Map<string, DocPath>();
  doc.phases.forEach((phase, p) => phase.touchpoints.forEach((tp, t) => pathOf.set(tp.key, ['phases', p, 'touchpoints', t])));
  const stuck = new Set<string>();
  for (const worker of listSampleWorkers(doc, EXPLORE_AT)) {
    let map: ReturnType<typeof exploreMachine>;
    try {
      map = exploreMachine(machine, doc, { worker, at: EXPLORE_AT, limit: EXPLORE_LIMIT });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('limit')) throw error;
      report('warning', 'too-large-to-explore', [], 'blueprint', `has more than ${EXPLORE_LIMIT} machine states to explore, so termination was only checked statically: consider splitting it`);
      return;
    }
    const finishing = new Set<string>();
    for (const [id, entry] of Object.entries(map)) if (entry.state.status === 'done') finishing.add(id);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [id, entry] of Object.entries(map)) {
        if (finishing.has(id)) continue;
        const targets = Object.values(entry.transitions) as Array<{ state: BlueprintSnapshot }>;
        if (targets.some((t) => finishing.has(serializeForGraph(t.state)))) {
          finishing.add(id);
          grew = true;
        }
      }
    }
    for (const [id, entry] of Object.entries(map)) {
      if (finishing.has(id)) continue;
      const key = activeTouchpoint(entry.state);
      if (key) stuck.add(key);
    }
  }
  for (const key of stuck) {
    report('error', 'never-finishes', pathOf.get(key) ?? [], `touchpoint '${key}'`, 'can be reached but the journey can never finish from it (found by exploring the compiled machine): add a rule, timeout or answer that leads on');
  }
}
