import type { EntityManager } from '@mikro-orm/postgresql';
import type { LibraryItem } from '../blueprints/resolveLibraryContent';
import { scopedSql } from '../db/tenancy/scopedSql';
import { toArrayLiteral } from '../db/toArrayLiteral';

/**
 * The latest version of each named library item of the scope's organization, by key (keys the
 * library does not hold are absent). One statement on the (organization, key) latest index.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function loadLibraryContent(em: EntityManager, keys: readonly string[]): Promise<Map<string, LibraryItem>> {
  if (keys.length === 0) return new Map();
  const rows = await scopedSql<{ id: string; key: string; version: number; body: Record<string, unknown> }>(
    em,
    `select id, key, version, body from content where organization_id = :organization_id and key = any(:keys::text[]) and latest`,
    { keys: toArrayLiteral(keys) },
  );
  return new Map(rows.map(({ key, ...item }) => [key, item]));
}
