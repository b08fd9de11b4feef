import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Takes a listing of the scope's organization off the marketplace: nobody new can license it;
 * licences already granted keep working, and installed copies keep running (they are the
 * client's own rows). Returns whether the listing exists.
 */
export async function unpublishListing(em: EntityManager, listingId: string): Promise<boolean> {
  const rows = await scopedSql(
    em,
    `update marketplace_listings set status = 'unpublished', updated_at = now() where organization_id = :organization_id and id = :id returning id`,
    { id: listingId },
  );
  return rows.length > 0;
}
