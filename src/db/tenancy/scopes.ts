import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER, type ScopeParams } from './tenantFilters';

/** A unit of work for one organization: every ORM query on tenant tables is limited to it. */
export function forOrganization(em: EntityManager, organizationId: string): EntityManager {
  const fork = em.fork({ clear: true });
  fork.setFilterParams(TENANT_FILTER, { organizationId } satisfies ScopeParams);
  return fork;
}

/**
 * A unit of work across organizations (dispatcher, scheduler, webhook routing). The reason is
 * required so that every such place is named and can be found.
 */
export function asSystem(em: EntityManager, reason: string): EntityManager {
  const fork = em.fork({ clear: true });
  fork.setFilterParams(TENANT_FILTER, { system: reason } satisfies ScopeParams);
  return fork;
}

/** The scope an EntityManager was forked with, or undefined for an unscoped one. */
export function scopeOf(em: EntityManager): ScopeParams | undefined {
  const params = em.getFilterParams<ScopeParams>(TENANT_FILTER);
  return params && ('organizationId' in params || 'system' in params) ? params : undefined;
}
