import { p } from '@mikro-orm/core';
import { Organization } from './Organization';

/** The owning organization of a tenant row: cascades on organization delete, exposed as its id. */
export const organizationId = () => p.manyToOne(Organization).mapToPk().deleteRule('cascade').index();
