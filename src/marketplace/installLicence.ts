import type { EntityManager } from '@mikro-orm/postgresql';
import { storeBlueprintVersion } from '../blueprintStore/storeBlueprintVersion';
import { validateFlowSource } from '../blueprints/validateFlow';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { MarketRefusal } from './licenceTerms';

/** How to install: under which blueprint key (default the listing's), and as an editable fork. */
export interface InstallOptions {
  key?: string;
  fork?: boolean;
}

/** What an install made: a published blueprint version of the client organization. */
export interface Installed {
  blueprintId: string;
  key: string;
  /** The client's blueprint version. */
  version: number;
  listingVersion: number;
  readOnly: boolean;
}

interface LicenceRow {
  id: string; status: string; expires_at: Date | null; allow_fork: boolean; installed_key: string | null;
  listing_version_id: string | null; listing_version: number | null; flow_yaml: string | null;
}

/**
 * Installs the latest version of a licensed listing in the client organization (the scope): the
 * flow YAML the expert published is imported as a published blueprint version, read-only (a
 * fork, editable, only where the licence allows it), with its origin (listing version) and
 * licence recorded. Installing again after the expert published a new version adds it as the
 * next version of the same key: new enrollments get it, running conversations stay on theirs.
 * An unpublished listing still installs for a licence already granted.
 */
export async function installLicence(em: EntityManager, licenceId: string, options: InstallOptions, at: number): Promise<Installed | MarketRefusal> {
  const [licence] = await scopedSql<LicenceRow>(
    em,
    `select c.id, c.status, c.expires_at, c.allow_fork, c.installed_key, v.id as listing_version_id, v.version as listing_version, v.flow_yaml
       from marketplace_licences c
       left join lateral (select id, version, flow_yaml from marketplace_listing_versions v where v.listing_id = c.listing_id order by v.version desc limit 1) v on true
      where c.organization_id = :organization_id and c.id = :id`,
    { id: licenceId },
  );
  if (!licence) return { status: 404, code: 'licence_not_found', message: `No licence of your organization has the id ${licenceId}`, field: 'licenceId' };
  if (licence.status !== 'active') return { status: 409, code: 'licence_not_active', message: `Licence ${licenceId} is ${licence.status}: the expert organization must grant it first` };
  if (licence.expires_at && new Date(licence.expires_at).getTime() <= at) {
    return { status: 409, code: 'licence_expired', message: `Licence ${licenceId} expired on ${new Date(licence.expires_at).toISOString()}: ask the expert organization to renew it` };
  }
  if (options.fork && !licence.allow_fork) return { status: 403, code: 'fork_not_allowed', message: `fork: licence ${licenceId} installs read-only; its terms do not allow an editable fork`, field: 'fork' };
  if (!licence.flow_yaml || !licence.listing_version_id || licence.listing_version === null) {
    return { status: 409, code: 'listing_gone', message: 'The expert organization of this listing no longer exists: installed versions keep running, no new one can be installed' };
  }
  if (licence.installed_key && options.key && options.key !== licence.installed_key) {
    return { status: 400, code: 'key_fixed', message: `key: this licence is installed as "${licence.installed_key}"; updates keep that key`, field: 'key' };
  }
  const validation = validateFlowSource(licence.flow_yaml, `licence-${licenceId}.yaml`);
  if (!validation.doc || !validation.ok) throw new Error(`listing version ${licence.listing_version_id} no longer validates`);
  const doc = validation.doc;
  const key = licence.installed_key ?? options.key ?? doc.blueprint.key;
  const taken = await scopedSql(
    em,
    `select 1 from journey_blueprints where organization_id = :organization_id and key = :key and (licence_id is null or licence_id <> :licence) limit 1`,
    { key, licence: licenceId },
  );
  if (taken.length > 0) return { status: 409, code: 'key_taken', message: `key: your organization already has a blueprint "${key}"; install under another key`, field: 'key' };
  doc.blueprint.key = key;
  return em.transactional(async (tx) => {
    const stored = await storeBlueprintVersion(tx, doc, { publish: true, licenseType: 'licensed' });
    await scopedSql(
      tx,
      `update journey_blueprints set origin_listing_version_id = :origin, licence_id = :licence, read_only = :readOnly
        where organization_id = :organization_id and id = :id`,
      { origin: licence.listing_version_id, licence: licenceId, readOnly: !options.fork, id: stored.id },
    );
    await scopedSql(
      tx,
      `update marketplace_licences set installed_key = :key, installed_version = :version where organization_id = :organization_id and id = :licence`,
      { key, version: licence.listing_version, licence: licenceId },
    );
    return { blueprintId: stored.id, key, version: stored.version, listingVersion: licence.listing_version ?? 0, readOnly: !options.fork };
  });
}
