import type { StatementValue } from './openHotPath';
import { defineTenantStatement, type TenantStatement } from './tenantStatement';

// `:name` parameters (never the `::type` of a cast) become `$n`.
const namedParameter = /(?<![:\w]):([a-zA-Z_]\w*)/g;

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
  const names = [...new Set([...sql.matchAll(namedParameter)].map((match) => match[1]!))].filter((parameter) => parameter !== 'organization_id');
  const statement = defineTenantStatement(name, sql.replace(namedParameter, (_, parameter: string) => (parameter === 'organization_id' ? '$1' : `$${names.indexOf(parameter) + 2}`)));
  return {
    statement,
    values: (params) => names.map((parameter) => {
      const value = params[parameter];
      if (value === undefined) throw new Error(`Statement '${name}' needs the value of :${parameter}`);
      return value;
    }),
  };
}
