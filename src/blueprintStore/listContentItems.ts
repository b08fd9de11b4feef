import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { contentItemColumns, viewContentItem, type ContentItemRow, type ContentItemView } from './contentItemView';
import { searchWords } from './searchWords';

/** Which library items to list. */
export type ContentFilter = {
  /** Words that must all occur (as word prefixes) in the key or any text of the item. */
  search?: string;
  type?: string;
  /** A language its text has. */
  language?: string;
  /** The key of a blueprint whose versions use the item. */
  blueprint?: string;
  /** The last key of the previous page. */
  after?: string;
  /** Page size (items). */
  limit: number;
};

/** The words of a search as a tsquery: each a prefix (`wash:* & hand:*`); null when it has none. */
function toPrefixQuery(search: string | undefined): string | null {
  const words = searchWords(search ?? '');
  return words.length > 0 ? words.slice(0, 10).map((word) => `${word}:*`).join(' & ') : null;
}

/**
 * A page of the scope's organization's content library: the latest version of each item, in key
 * order, filtered; nextCursor is the page's last key when more may follow. One statement, on the
 * (organization, key) latest index and the full-text index.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function listContentItems(em: EntityManager, filter: ContentFilter): Promise<{ items: ContentItemView[]; nextCursor: string | null }> {
  const rows = await scopedSql<ContentItemRow>(
    em,
    `select ${contentItemColumns}
       from content c
      where c.organization_id = :organization_id and c.latest
        and (:after::text is null or c.key > :after)
        and (:type::text is null or c.type = :type)
        and (:language::text is null or c.languages @> array[:language::text])
        and (:query::text is null or c.search @@ to_tsquery('simple', :query))
        and (:blueprint::text is null or exists (
              select 1 from content v join touchpoints t on t.content_id = v.id join phases ph on ph.id = t.phase_id
                join journey_blueprints jb on jb.id = ph.journey_blueprint_id
               where v.organization_id = c.organization_id and v.key = c.key and jb.key = :blueprint))
      order by c.key limit :limit`,
    {
      after: filter.after ?? null,
      type: filter.type ?? null,
      language: filter.language ?? null,
      query: toPrefixQuery(filter.search),
      blueprint: filter.blueprint ?? null,
      limit: filter.limit,
    },
  );
  return { items: rows.map(viewContentItem), nextCursor: rows.length === filter.limit ? rows[rows.length - 1].key : null };
}
