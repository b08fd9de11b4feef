import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { licenceWarnings, seatsUsedSql } from './seatsUsedSql';

/** A licence as the client holding it sees it: usage, warnings, and a newer listing version on offer. */
export interface HeldLicence {
  id: string;
  listingId: string | null;
  listingTitle: string;
  expert: string | null;
  kind: string;
  status: string;
  seats: number | null;
  seatsUsed: number;
  expiresAt: string | null;
  allowFork: boolean;
  installedKey: string | null;
  installedVersion: number | null;
  /** The listing's latest version, offered when newer than the installed one (never applied by itself). */
  latestVersion: number | null;
  updateAvailable: boolean;
  warnings: string[];
}

/** A licence of one of the expert's listings, as the expert sees it: the client by name, no worker figures. */
export interface GrantedLicence {
  id: string;
  listingId: string | null;
  listingTitle: string;
  client: string;
  kind: string;
  status: string;
  seats: number | null;
  expiresAt: string | null;
  installedVersion: number | null;
  requestedAt: string;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/** The licences the scope's organization holds, with their seat usage and warnings. */
export async function listHeldLicences(em: EntityManager, at: number): Promise<HeldLicence[]> {
  const rows = await scopedSql<{
    id: string; listing_id: string | null; listing_title: string; expert: string | null; kind: string; status: string; seats: number | null;
    seats_used: number; expires_at: Date | null; allow_fork: boolean; installed_key: string | null; installed_version: number | null; latest_version: number | null;
  }>(
    em,
    `select c.id, c.listing_id, c.listing_title, o.name as expert, c.kind, c.status, c.seats, ${seatsUsedSql} as seats_used, c.expires_at, c.allow_fork,
            c.installed_key, c.installed_version, (select max(v.version) from marketplace_listing_versions v where v.listing_id = c.listing_id) as latest_version
       from marketplace_licences c left join organizations o on o.id = c.expert_organization_id
      where c.organization_id = :organization_id order by c.requested_at desc limit 500`,
  );
  return rows.map((row) => ({
    id: row.id, listingId: row.listing_id, listingTitle: row.listing_title, expert: row.expert, kind: row.kind, status: row.status, seats: row.seats,
    seatsUsed: row.seats_used, expiresAt: iso(row.expires_at), allowFork: row.allow_fork, installedKey: row.installed_key, installedVersion: row.installed_version,
    latestVersion: row.latest_version,
    updateAvailable: row.installed_version !== null && row.latest_version !== null && row.latest_version > row.installed_version,
    warnings: row.status === 'active' ? licenceWarnings({ seats: row.seats, seatsUsed: row.seats_used, expiresAt: row.expires_at && new Date(row.expires_at) }, at) : [],
  }));
}

/** The licences of the scope's (expert) listings: requests to answer and licences granted. */
export async function listGrantedLicences(em: EntityManager): Promise<GrantedLicence[]> {
  const rows = await scopedSql<{
    id: string; listing_id: string | null; listing_title: string; client: string; kind: string; status: string; seats: number | null;
    expires_at: Date | null; installed_version: number | null; requested_at: Date;
  }>(
    em,
    `select c.id, c.listing_id, c.listing_title, o.name as client, c.kind, c.status, c.seats, c.expires_at, c.installed_version, c.requested_at
       from marketplace_licences c join organizations o on o.id = c.organization_id
      where c.expert_organization_id = :organization_id order by c.requested_at desc limit 500`,
  );
  return rows.map((row) => ({
    id: row.id, listingId: row.listing_id, listingTitle: row.listing_title, client: row.client, kind: row.kind, status: row.status, seats: row.seats,
    expiresAt: iso(row.expires_at), installedVersion: row.installed_version, requestedAt: new Date(row.requested_at).toISOString(),
  }));
}
