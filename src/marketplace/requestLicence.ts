import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { MarketRefusal } from './licenceTerms';
import { readOrganizationType } from './readOrganizationType';

/** A licence as the request made it: active at once when free, else waiting for the expert. */
export interface RequestedLicence {
  id: string;
  status: 'requested' | 'active';
}

/**
 * A client organization takes a licence of a published listing: a free listing's licence is
 * active at once (accepting the terms is the request); a per-seat or time-limited one waits for
 * the expert organization to grant it. One licence per client and listing.
 */
export async function requestLicence(em: EntityManager, listingId: string, at: number): Promise<RequestedLicence | MarketRefusal> {
  if ((await readOrganizationType(em)) !== 'client') {
    return { status: 403, code: 'not_a_client_organization', message: 'Only a client organization takes licences: an expert organization publishes' };
  }
  const [existing] = await scopedSql<{ id: string; status: string }>(
    em,
    'select id, status from marketplace_licences where organization_id = :organization_id and listing_id = :listing',
    { listing: listingId },
  );
  if (existing) return { status: 409, code: 'licence_exists', message: `Your organization already has licence ${existing.id} (${existing.status}) of this listing` };
  const [created] = await scopedSql<RequestedLicence>(
    em,
    `insert into marketplace_licences (organization_id, listing_id, expert_organization_id, listing_title, kind, seats, allow_fork, status, requested_at, granted_at)
     select :organization_id, l.id, l.organization_id, l.title, l.terms->>'kind', (l.terms->>'seats')::int, coalesce((l.terms->>'allowFork')::boolean, false),
            case when l.terms->>'kind' = 'free' then 'active' else 'requested' end, :at, case when l.terms->>'kind' = 'free' then :at::timestamptz end
       from marketplace_listings l where l.id = :listing and l.status = 'published' and l.organization_id <> :organization_id
     on conflict (organization_id, listing_id) do nothing
     returning id, status`,
    { listing: listingId, at: new Date(at) },
  );
  if (!created) return { status: 404, code: 'listing_not_found', message: `No published listing of another organization has the id ${listingId}`, field: 'listingId' };
  return created;
}
