import { checkStorableValues } from '../blueprints/checkStorableValues';
import { formatPath } from '../blueprints/flowIssue';
import type { FlowDocument } from '../blueprints/flowSchema';
import { warnOncePerStoredVersion } from '../logging/warnOncePerStoredVersion';

/** Warns once when a version stored before uploads refused them holds waits or points beyond what can be stored (the machine clamps them). */
export function warnOfUnstorableValues(organizationId: string | undefined, blueprintId: string, document: FlowDocument): void {
  const problems: string[] = [];
  checkStorableValues(document, (_severity, _code, path, subject, message) => problems.push(`${formatPath(path)} (${subject ?? ''}) ${message}`));
  if (problems.length === 0) return;
  warnOncePerStoredVersion(
    `blueprint:${blueprintId}`,
    { organizationId, blueprintId, blueprintKey: document.blueprint.key, problems },
    'a stored flow version holds waits or quiz points beyond what can be stored: it plays with them clamped to the maximum',
  );
}
