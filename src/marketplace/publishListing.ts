import type { EntityManager } from '@mikro-orm/postgresql';
import { exportBlueprintVersion } from '../blueprintStore/exportBlueprintVersion';
import { scopedSql } from '../db/tenancy/scopedSql';
import { toArrayLiteral } from '../db/toArrayLiteral';
import { buildListingPreview } from './buildListingPreview';
import type { LicenceTerms, MarketRefusal } from './licenceTerms';
import { readOrganizationType } from './readOrganizationType';

/** What an expert publishes: a published blueprint version and how it is presented and licensed. */
export interface ListingInput {
  blueprintKey: string;
  /** The blueprint version; default the latest published. */
  version?: number;
  title: string;
  description: string;
  languages: string[];
  /** e.g. "4 weeks". */
  duration?: string;
  tags: string[];
  terms: LicenceTerms;
}

/** What publishing did: a new listing, a new version of it, or only its presentation changed. */
export interface PublishedListing {
  listingId: string;
  version: number;
  outcome: 'created' | 'new_version' | 'unchanged';
}

/**
 * Publishes a blueprint version of the scope's (expert) organization on the marketplace. The
 * version's flow YAML is exported now and kept with the listing version, so installs never
 * depend on the expert's rows; publishing a later blueprint version of the same key makes a new
 * listing version (clients are offered it; nothing running changes); the same version again only
 * updates the title, description, tags and terms. Publishing an unpublished listing lists it again.
 */
export async function publishListing(em: EntityManager, input: ListingInput): Promise<PublishedListing | MarketRefusal> {
  if ((await readOrganizationType(em)) !== 'expert') {
    return { status: 403, code: 'not_an_expert_organization', message: 'Only an expert organization publishes on the marketplace: a platform operator sets the organization type' };
  }
  const [blueprint] = await scopedSql<{ id: string; version: number }>(
    em,
    `select id, version from journey_blueprints where organization_id = :organization_id and key = :key and status = 'published'
       and (:version::int is null or version = :version::int) order by version desc limit 1`,
    { key: input.blueprintKey, version: input.version ?? null },
  );
  if (!blueprint) {
    const which = input.version === undefined ? 'published version' : `published version ${input.version}`;
    return { status: 404, code: 'blueprint_not_found', message: `blueprintKey: "${input.blueprintKey}" has no ${which} in your organization (GET /v1/blueprints)`, field: input.version === undefined ? 'blueprintKey' : 'version' };
  }
  const exported = await exportBlueprintVersion(em, { id: blueprint.id });
  if (!exported) throw new Error(`blueprint ${blueprint.id} vanished while publishing`);
  const { preview, diagram } = buildListingPreview(exported.document, blueprint.id);
  return em.transactional(async (tx) => {
    const [listing] = await scopedSql<{ id: string }>(
      tx,
      `insert into marketplace_listings (organization_id, blueprint_key, title, description, languages, duration, tags, terms, status)
       values (:organization_id, :key, :title, :description, :languages::text[], :duration, :tags::text[], :terms::jsonb, 'published')
       on conflict (organization_id, blueprint_key) do update set title = excluded.title, description = excluded.description,
         languages = excluded.languages, duration = excluded.duration, tags = excluded.tags, terms = excluded.terms,
         status = 'published', updated_at = now()
       returning id`,
      {
        key: input.blueprintKey, title: input.title, description: input.description, languages: toArrayLiteral(input.languages),
        duration: input.duration ?? null, tags: toArrayLiteral(input.tags), terms: JSON.stringify(input.terms),
      },
    );
    const [latest] = await scopedSql<{ version: number; blueprint_version: number }>(
      tx,
      `select version, blueprint_version from marketplace_listing_versions where organization_id = :organization_id and listing_id = :listing
        order by version desc limit 1 for update`,
      { listing: listing.id },
    );
    if (latest?.blueprint_version === blueprint.version) return { listingId: listing.id, version: latest.version, outcome: 'unchanged' };
    const version = (latest?.version ?? 0) + 1;
    await scopedSql(
      tx,
      `insert into marketplace_listing_versions (organization_id, listing_id, version, journey_blueprint_id, blueprint_version, flow_yaml, preview, diagram)
       values (:organization_id, :listing, :version, :blueprint, :blueprintVersion, :yaml, :preview::jsonb, :diagram)`,
      { listing: listing.id, version, blueprint: blueprint.id, blueprintVersion: blueprint.version, yaml: exported.yaml, preview: JSON.stringify(preview), diagram },
    );
    return { listingId: listing.id, version, outcome: latest ? 'new_version' : 'created' };
  });
}
