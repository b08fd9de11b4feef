import type { StoredVersion } from '../blueprintStore/storeBlueprintVersion';

/** Which version new workers get, in words. */
function currentOf(stored: StoredVersion): string {
  if (stored.currentVersion === null) return 'no version is published yet: new workers get none (import with --publish)';
  return `new workers get version ${stored.currentVersion}`;
}

/** One line on what importing a file did, e.g. "unchanged flows/a.yaml: identical to onboarding version 1 (draft) in Acme; new workers get version 3". */
export function describeStoredVersion(file: string, stored: StoredVersion, organizationName: string): string {
  const { key, version, status, outcome, sameAs } = stored;
  const what =
    outcome === 'unchanged'
      ? `identical to ${key} version ${version} (${status})`
      : outcome === 'published'
        ? `identical to draft ${key} version ${version}, now published`
        : `${key} version ${version} (${status})${sameAs === undefined ? '' : `, the same content as version ${sameAs}`}`;
  return `${outcome} ${file}: ${what} in ${organizationName}; ${currentOf(stored)}`;
}
