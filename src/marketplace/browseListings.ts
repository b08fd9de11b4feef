import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { LicenceTerms } from './licenceTerms';
import type { PreviewTouchpoint } from './buildListingPreview';

/** Narrowing of the marketplace list. */
export interface ListingFilters {
  /** Words in the title, description or tags. */
  q?: string;
  language?: string;
  tag?: string;
}

/** A listing as a client browses it. */
export interface ListingSummary {
  id: string;
  expert: string;
  blueprintKey: string;
  title: string;
  description: string;
  languages: string[];
  duration: string | null;
  tags: string[];
  terms: LicenceTerms;
  status: 'published' | 'unpublished';
  latestVersion: number;
  /** Whether the caller's organization publishes it. */
  own: boolean;
  /** The caller's licence of it, if any. */
  licence: { id: string; status: string } | null;
  updatedAt: string;
}

/** A listing with its latest version's preview and journey diagram. */
export interface ListingDetail extends ListingSummary {
  preview: PreviewTouchpoint[];
  diagram: string;
  versions: { version: number; blueprintVersion: number; publishedAt: string }[];
}

interface Row {
  id: string; expert: string; blueprint_key: string; title: string; description: string; languages: string[]; duration: string | null;
  tags: string[]; terms: LicenceTerms; status: 'published' | 'unpublished'; latest_version: number; own: boolean;
  licence_id: string | null; licence_status: string | null; updated_at: Date;
}

// Published listings of every organization, and the caller's own whatever their status.
const listingSelect = `
  select l.id, o.name as expert, l.blueprint_key, l.title, l.description, l.languages, l.duration, l.tags, l.terms, l.status, l.updated_at,
         (select max(v.version) from marketplace_listing_versions v where v.listing_id = l.id) as latest_version,
         l.organization_id = :organization_id as own, c.id as licence_id, c.status as licence_status
    from marketplace_listings l join organizations o on o.id = l.organization_id
    left join marketplace_licences c on c.listing_id = l.id and c.organization_id = :organization_id
   where (l.status = 'published' or l.organization_id = :organization_id)`;

function summaryOf(row: Row): ListingSummary {
  return {
    id: row.id, expert: row.expert, blueprintKey: row.blueprint_key, title: row.title, description: row.description, languages: row.languages,
    duration: row.duration, tags: row.tags, terms: row.terms, status: row.status, latestVersion: row.latest_version, own: row.own,
    licence: row.licence_id ? { id: row.licence_id, status: row.licence_status ?? '' } : null, updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Marketplace listings visible to the scope's organization, newest first, filtered. */
export async function browseListings(em: EntityManager, filters: ListingFilters): Promise<ListingSummary[]> {
  const rows = await scopedSql<Row>(
    em,
    `${listingSelect}
       and (:language::text is null or :language = any(l.languages))
       and (:tag::text is null or :tag = any(l.tags))
       and (:q::text is null or l.title ilike :pattern or l.description ilike :pattern or exists (select 1 from unnest(l.tags) t where t ilike :pattern))
     order by l.updated_at desc, l.id limit 200`,
    { language: filters.language ?? null, tag: filters.tag ?? null, q: filters.q ?? null, pattern: `%${(filters.q ?? '').replace(/[\\%_]/g, '\\$&')}%` },
  );
  return rows.map(summaryOf);
}

/** One visible listing with its latest version's preview and diagram; undefined when not visible. */
export async function readListing(em: EntityManager, listingId: string): Promise<ListingDetail | undefined> {
  const [row] = await scopedSql<Row>(em, `${listingSelect} and l.id = :id`, { id: listingId });
  if (!row) return undefined;
  const versions = await scopedSql<{ version: number; blueprint_version: number; created_at: Date; preview: PreviewTouchpoint[]; diagram: string }>(
    em,
    `select v.version, v.blueprint_version, v.created_at, v.preview, v.diagram from marketplace_listing_versions v
       join marketplace_listings l on l.id = v.listing_id
      where v.listing_id = :id and (l.status = 'published' or l.organization_id = :organization_id) order by v.version desc`,
    { id: listingId },
  );
  return {
    ...summaryOf(row),
    preview: versions[0]?.preview ?? [],
    diagram: versions[0]?.diagram ?? '',
    versions: versions.map((v) => ({ version: v.version, blueprintVersion: v.blueprint_version, publishedAt: new Date(v.created_at).toISOString() })),
  };
}
