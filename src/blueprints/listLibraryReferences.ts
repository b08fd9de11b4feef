import type { AuthoredFlowDocument } from './flowSchema';

/** The library keys a flow document references (touchpoints with `content: <key>` and no `type`), each once. */
export function listLibraryReferences(doc: AuthoredFlowDocument): string[] {
  const keys = doc.phases.flatMap((phase) => phase.touchpoints.flatMap((touchpoint) => (touchpoint.type === undefined ? [touchpoint.content] : [])));
  return [...new Set(keys)];
}
