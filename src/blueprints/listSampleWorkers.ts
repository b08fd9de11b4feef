import type { Condition, FlowDocument } from './flowSchema';
import type { WorkerFacts } from './machineContract';

function walk(condition: Condition, visit: (c: Condition) => void): void {
  visit(condition);
  for (const nested of [...(condition.all ?? []), ...(condition.any ?? []), ...(condition.not ? [condition.not] : [])]) walk(nested, visit);
}

/**
 * Two workers for exploring a blueprint: one with no attributes, segments or
 * variants, and one matching the first value each rule asks for, so that
 * both sides of worker-based rules are explored.
 *
 * @param enrolledAt enrollment instant of the sample workers, epoch ms
 */
export function listSampleWorkers(doc: FlowDocument, enrolledAt: number): WorkerFacts[] {
  const base: WorkerFacts = {
    firstName: 'Sam',
    language: doc.blueprint.defaultLanguage,
    timezone: 'UTC',
    enrolledAt,
    attributes: {},
    segments: [],
    variants: {},
    badges: [],
  };
  const matching: WorkerFacts = { ...base, attributes: {}, segments: [], variants: {} };
  for (const phase of doc.phases) {
    for (const tp of phase.touchpoints) {
      for (const rule of tp.rules ?? []) {
        if (!rule.if) continue;
        walk(rule.if, (c) => {
          if (c.attribute && !(c.attribute.name in matching.attributes)) {
            matching.attributes[c.attribute.name] = c.attribute.equals !== undefined ? c.attribute.equals : (c.attribute.in?.[0] ?? null);
          }
          if (c.segment && !matching.segments.includes(c.segment)) matching.segments.push(c.segment);
          if (c.variant && !(c.variant.experiment in matching.variants)) matching.variants[c.variant.experiment] = c.variant.is;
        });
      }
    }
  }
  return [base, matching];
}
