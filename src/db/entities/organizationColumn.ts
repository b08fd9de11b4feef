import { p } from '@mikro-orm/core';
import { Organization } from './Organization';

/**
 * The owning organization of a tenant row without an index of its own: for tables whose other
 * indexes lead with organization_id, or where no query finds rows by organization alone
 * (Migration20261207060000_16_indexesWithQueries).
 */
export const unindexedOrganizationId = () => p.manyToOne(Organization).mapToPk().deleteRule('cascade');

/** The owning organization of a tenant row: cascades on organization delete, exposed as its id. */
export const organizationId = () => unindexedOrganizationId().index();
