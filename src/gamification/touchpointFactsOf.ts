import type { FlowDocument } from '../blueprints/flowSchema';
import type { TouchpointFacts } from './ledgerEntriesForStep';

// Blueprint documents are immutable and cached by the engine: their facts are worked out once.
const known = new WeakMap<FlowDocument, ReadonlyMap<string, TouchpointFacts>>();

/** Touchpoint key → its phase and content type, in a blueprint version. */
export function touchpointFactsOf(document: FlowDocument): ReadonlyMap<string, TouchpointFacts> {
  let facts = known.get(document);
  if (!facts) {
    facts = new Map(document.phases.flatMap((phase) => phase.touchpoints.map((t) => [t.key, { phase: phase.key, contentType: t.type }] as const)));
    known.set(document, facts);
  }
  return facts;
}
