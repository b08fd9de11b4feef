import type { EntityManager } from '@mikro-orm/postgresql';
import { listLibraryReferences } from '../blueprints/listLibraryReferences';
import { parseFlowSource } from '../blueprints/loadFlowFile';
import { validateLoadedFlow, type FlowValidation, type ValidationContext } from '../blueprints/validateFlow';
import { loadLibraryContent } from './loadLibraryContent';

/**
 * Validates flow YAML as `validateFlowSource` does, library references (`content: <key>`)
 * resolved from the scope's organization's library: a key it does not hold is an error located at
 * the reference.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function validateFlowWithLibrary(em: EntityManager, source: string, file: string, context: Omit<ValidationContext, 'library'> = {}): Promise<FlowValidation> {
  const loaded = parseFlowSource(source, file);
  const library = await loadLibraryContent(em, loaded.doc ? listLibraryReferences(loaded.doc) : []);
  return validateLoadedFlow(loaded, { ...context, library });
}
