import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Why a flow may not be stored under its key (a 409 naming the field). */
export interface ReadOnlyRefusal {
  status: 409;
  code: 'read_only_blueprint';
  message: string;
  field: string;
}

/**
 * A blueprint key installed read-only from the marketplace takes no upload: its versions come
 * from the expert's listing (install again for a newer one). Undefined when the key is editable.
 */
export async function refuseReadOnlyBlueprint(em: EntityManager, key: string): Promise<ReadOnlyRefusal | undefined> {
  const [latest] = await scopedSql<{ read_only: boolean; licence_id: string | null }>(
    em,
    'select read_only, licence_id from journey_blueprints where organization_id = :organization_id and key = :key order by version desc limit 1',
    { key },
  );
  if (!latest?.read_only) return undefined;
  return {
    status: 409,
    code: 'read_only_blueprint',
    message: `"${key}" is installed read-only under licence ${latest.licence_id}: a newer version comes from its listing (POST /v1/marketplace/licences/${latest.licence_id}/install); a licence that allows it installs an editable fork`,
    field: 'blueprint.key',
  };
}
