import type { Condition, FlowDocument } from './flowSchema';

function experimentsOf(condition: Condition | undefined): string[] {
  if (!condition) return [];
  return [
    ...(condition.variant ? [condition.variant.experiment] : []),
    ...(condition.all ?? []).flatMap(experimentsOf),
    ...(condition.any ?? []).flatMap(experimentsOf),
    ...experimentsOf(condition.not),
  ];
}

/**
 * Where a blueprint branches on experiments: touchpoint key → the experiment keys its rules'
 * `variant` conditions name. Leaving such a touchpoint is where the variant first matters (the
 * worker's exposure).
 */
export function listVariantDecisions(document: FlowDocument): Map<string, string[]> {
  const decisions = new Map<string, string[]>();
  for (const phase of document.phases) {
    for (const touchpoint of phase.touchpoints) {
      const keys = [...new Set((touchpoint.rules ?? []).flatMap((rule) => experimentsOf(rule.if)))];
      if (keys.length > 0) decisions.set(touchpoint.key, keys);
    }
  }
  return decisions;
}

/** Every experiment key a blueprint's `variant` rules name. */
export function listVariantExperiments(document: FlowDocument): string[] {
  return [...new Set([...listVariantDecisions(document).values()].flat())];
}
