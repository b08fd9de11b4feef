import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlowIssue } from '../blueprints/flowIssue';
import { storeBlueprintVersion } from './storeBlueprintVersion';
import type { StoredVersion } from './storeBlueprintVersion';
import { readFileSync } from 'node:fs';
import { validateFlowWithLibrary } from './validateFlowWithLibrary';

/** The outcome of importing one flow file: stored, or refused with its issues. */
export type ImportResult =
  | { file: string; ok: true; stored: StoredVersion; issues: FlowIssue[] }
  | { file: string; ok: false; issues: FlowIssue[] };

export type ImportOptions = {
  /** Publish the imported version (published versions never change). */
  publish?: boolean;
  /** Staff user importing, for created_by. */
  userId?: string | null;
  /** The organization's experiment keys: a `variant` rule naming another is warned about. */
  experimentKeys?: ReadonlySet<string>;
};

/**
 * Validates a flow file exactly as `flows validate --org` does (library references resolved from
 * the organization's library) and, when it has no
 * error, stores it as a blueprint version of the EntityManager's organization
 * (see storeBlueprintVersion: unchanged = no-op, changed = new version).
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function importFlowFile(em: EntityManager, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const validation = await validateFlowWithLibrary(em, readFileSync(file, 'utf8'), file, { experimentKeys: options.experimentKeys });
  if (!validation.ok || !validation.doc) return { file, ok: false, issues: validation.issues };
  const stored = await storeBlueprintVersion(em, validation.doc, options);
  return { file, ok: true, stored, issues: validation.issues };
}
