import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { contentItemColumns, viewContentItem, type ContentItemRow, type ContentItemView } from './contentItemView';

/** A library item's row with its versions and the blueprint versions that show this row. */
export type ContentItemDetail = ContentItemView & {
  versions: Array<{ id: string; version: number; latest: boolean; createdAt: string }>;
  touchpoints: Array<{ blueprintId: string; blueprintKey: string; blueprintVersion: number; status: string; touchpoint: string }>;
};

/**
 * One content row of the scope's organization, with every version of its key and the touchpoints
 * that show it; null when the organization has no such row.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function readContentItem(em: EntityManager, id: string): Promise<ContentItemDetail | null> {
  const [row] = await scopedSql<ContentItemRow & { versions: Array<{ id: string; version: number; latest: boolean; created_at: string }>; touchpoints: ContentItemDetail['touchpoints'] }>(
    em,
    `select ${contentItemColumns},
            (select json_agg(json_build_object('id', v.id, 'version', v.version, 'latest', v.latest, 'created_at', v.created_at) order by v.version)
               from content v where v.organization_id = c.organization_id and v.key = c.key) as versions,
            coalesce((select json_agg(json_build_object('blueprintId', jb.id, 'blueprintKey', jb.key, 'blueprintVersion', jb.version, 'status', jb.status, 'touchpoint', t.key) order by jb.key, jb.version, t.key)
               from touchpoints t join phases ph on ph.id = t.phase_id join journey_blueprints jb on jb.id = ph.journey_blueprint_id
              where t.content_id = c.id), '[]') as touchpoints
       from content c where c.organization_id = :organization_id and c.id = :id`,
    { id },
  );
  if (!row) return null;
  return {
    ...viewContentItem(row),
    versions: row.versions.map((v) => ({ id: v.id, version: v.version, latest: v.latest, createdAt: new Date(v.created_at).toISOString() })),
    touchpoints: row.touchpoints,
  };
}
