import type { EntityManager } from '@mikro-orm/postgresql';
import { compileBlueprint } from '../../blueprints/compileBlueprint';
import type { FlowIssue } from '../../blueprints/flowIssue';
import { renderMermaid } from '../../blueprints/renderMermaid';
import { validateFlowWithLibrary } from '../../blueprintStore/validateFlowWithLibrary';
import { listExperimentKeys } from '../../experiments/listExperimentKeys';

/** The file name issues of the console's editor carry. */
export const editorFile = 'editor.yaml';

/** What the editor shows of a text: every issue at its line and column, and the diagram when it validates. */
export interface FlowTextCheck {
  ok: boolean;
  issues: Omit<FlowIssue, 'file'>[];
  /** The Mermaid text of the compiled machine; null while the flow has errors. */
  diagram: string | null;
}

/**
 * Checks flow text as `flows validate` and the API's upload do (the same validator, with the
 * organization's experiment keys and content library), and draws the diagram of a text that validates.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function checkFlowText(em: EntityManager, source: string): Promise<FlowTextCheck> {
  const validation = await validateFlowWithLibrary(em, source, editorFile, { experimentKeys: await listExperimentKeys(em) });
  const issues = validation.issues.map(({ file: _file, ...issue }) => issue);
  const diagram = validation.ok && validation.doc ? renderMermaid(compileBlueprint(validation.doc), validation.doc) : null;
  return { ok: validation.ok, issues, diagram };
}
