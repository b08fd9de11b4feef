import type { StatementValue } from './statementValue';
import { toPositional } from './positionalParameters';
import { defineTenantStatement, type TenantStatement } from './tenantStatement';

/** A hot-path statement written with the ORM path's `:name` parameters, and how to bind them. */
export interface NamedTenantStatement {
  statement: TenantStatement;
  /** The values after the organization's `$1`, in the statement's order. */
  values(params: Readonly<Record<string, StatementValue | undefined>>): StatementValue[];
}

/**
 * Prepares SQL that the ORM path runs through `scopedSql` (`:organization_id` and `:name`
 * parameters) as a tenant statement: `:organization_id` becomes `$1`, the others `$2`… in order
 * of first use, so both paths share one SQL text.
 */
export function defineNamedTenantStatement(name: string, sql: string): NamedTenantStatement {
  const positional = toPositional(`Statement '${name}'`, sql, ['organization_id']);
  return { statement: defineTenantStatement(name, positional.text), values: positional.values };
}
