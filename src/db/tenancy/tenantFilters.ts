import type { Dictionary, EntityName, Options } from '@mikro-orm/core';

type FilterDefs = NonNullable<Options['filters']>;

export const TENANT_FILTER = 'tenant';

/** The filter parameters that make up a unit of work's scope. */
export type ScopeParams = { organizationId: string } | { system: string };

function entityNameOf(entityName: EntityName<unknown> | undefined): string | undefined {
  if (typeof entityName === 'string') return entityName;
  if (typeof entityName === 'function') return entityName.name;
  return undefined;
}

/**
 * One filter, on by default, on every tenant table and on organizations: a query made without an
 * organization or system scope throws ("No arguments provided for filter 'tenant'").
 */
export function tenantFilters(tenantEntityNames: string[]): FilterDefs {
  return {
    [TENANT_FILTER]: {
      name: TENANT_FILTER,
      default: true,
      entity: [...tenantEntityNames, 'Organization'],
      cond: (args: Dictionary, _type: string, _em: unknown, _options: unknown, entityName?: EntityName<unknown>) => {
        const scope = args as ScopeParams;
        if ('system' in scope) return {};
        if (!scope.organizationId) throw new Error('The tenant scope has no organizationId');
        return entityNameOf(entityName) === 'Organization'
          ? { id: scope.organizationId }
          : { organization: scope.organizationId };
      },
    },
  };
}
