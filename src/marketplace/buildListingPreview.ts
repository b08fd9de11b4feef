import { compileBlueprint } from '../blueprints/compileBlueprint';
import type { FlowDocument } from '../blueprints/flowSchema';
import { renderMermaid } from '../blueprints/renderMermaid';
import { pickLanguage } from '../blueprints/renderText';

/** How many touchpoints a listing shows before a licence. */
export const PREVIEW_TOUCHPOINTS = 3;

/** One previewed touchpoint, in the blueprint's default language. */
export interface PreviewTouchpoint {
  phase: string;
  key: string;
  type: string;
  text: string;
}

/** The first touchpoints of a flow and its journey diagram (the Mermaid source the console draws). */
export function buildListingPreview(doc: FlowDocument, versionId: string): { preview: PreviewTouchpoint[]; diagram: string } {
  const language = doc.blueprint.defaultLanguage;
  const preview = doc.phases
    .flatMap((phase) => phase.touchpoints.map((tp) => ({ phase: phase.key, key: tp.key, type: tp.type, text: pickLanguage(tp.text, language, language) })))
    .slice(0, PREVIEW_TOUCHPOINTS);
  return { preview, diagram: renderMermaid(compileBlueprint(doc, { versionId }), doc) };
}
