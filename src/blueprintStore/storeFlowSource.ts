import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlowIssue } from '../blueprints/flowIssue';
import { refuseReadOnlyBlueprint, type ReadOnlyRefusal } from './refuseReadOnlyBlueprint';
import { validateFlowWithLibrary } from './validateFlowWithLibrary';
import { storeBlueprintVersion, type StoreOptions, type StoredVersion } from './storeBlueprintVersion';

/** What storing flow text answers: the stored version and its warnings, or the errors that refused it. */
export type StoredFlowSource =
  | { ok: true; stored: StoredVersion; warnings: FlowIssue[] }
  | { ok: false; issues: FlowIssue[]; message: string }
  | { ok: false; refused: ReadOnlyRefusal };

/**
 * Validates flow YAML text as `flows validate` does (with the organization's experiment keys and content library) and,
 * when it has no error and its key is not installed read-only, stores it as a blueprint version (see storeBlueprintVersion). The one path
 * of the API's upload and the console's editor, so both refuse and store alike.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function storeFlowSource(
  em: EntityManager,
  source: string,
  options: StoreOptions & { file: string; experimentKeys: ReadonlySet<string> },
): Promise<StoredFlowSource> {
  const validation = await validateFlowWithLibrary(em, source, options.file, { experimentKeys: options.experimentKeys });
  if (!validation.ok || !validation.doc) {
    const errors = validation.issues.filter((issue) => issue.severity === 'error');
    const first = errors[0];
    const message = first ? `${errors.length} error(s); first at line ${first.line}:${first.column}: ${first.message}` : 'The flow does not validate';
    return { ok: false, issues: validation.issues, message };
  }
  const doc = validation.doc;
  const refused = await refuseReadOnlyBlueprint(em, doc.blueprint.key);
  if (refused) return { ok: false, refused };
  const stored = await em.transactional((tx) => storeBlueprintVersion(tx, doc, { publish: options.publish, userId: options.userId }));
  return { ok: true, stored, warnings: validation.issues.filter((issue) => issue.severity === 'warning') };
}
