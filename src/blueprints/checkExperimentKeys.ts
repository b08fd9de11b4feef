import type { DocPath, Report } from './createIssueReporter';
import type { Condition, FlowDocument } from './flowSchema';

function visit(condition: Condition | undefined, path: DocPath, known: ReadonlySet<string>, report: Report): void {
  if (!condition) return;
  const experiment = condition.variant?.experiment;
  if (experiment !== undefined && !known.has(experiment)) {
    const others = known.size > 0 ? ` (it has: ${[...known].sort().join(', ')})` : '';
    report('warning', 'unknown-experiment', [...path, 'variant', 'experiment'], `experiment '${experiment}'`,
      `is not an experiment of this organization${others}: create it (POST /v1/experiments) before starting a program with this flow, or this branch never fires`);
  }
  condition.all?.forEach((c, i) => visit(c, [...path, 'all', i], known, report));
  condition.any?.forEach((c, i) => visit(c, [...path, 'any', i], known, report));
  visit(condition.not, [...path, 'not'], known, report);
}

/** Warns at every `variant` rule naming an experiment key the organization does not have (import only: validation alone knows no organization). */
export function checkExperimentKeys(doc: FlowDocument, known: ReadonlySet<string>, report: Report): void {
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((touchpoint, t) =>
      (touchpoint.rules ?? []).forEach((rule, r) => visit(rule.if, ['phases', p, 'touchpoints', t, 'rules', r, 'if'], known, report))));
}
