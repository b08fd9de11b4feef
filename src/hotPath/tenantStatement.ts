/**
 * A named prepared statement of one organization's hot path. Its text binds the organization id
 * as `$1` (the session binds it: a caller never passes it), so a statement cannot run without one.
 */
export interface TenantStatement {
  readonly name: string;
  readonly text: string;
}

export class TenantStatementError extends Error {}

const organizationPredicate = /organization_id\s*=\s*\$1(?!\d)/;

/**
 * Defines a tenant statement, refused at once unless its text filters by `organization_id = $1`
 * (as `scopedSql` refuses SQL without `:organization_id`). Names are unique per process: a
 * prepared statement is parsed once per connection under its name.
 */
export function defineTenantStatement(name: string, text: string): TenantStatement {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new TenantStatementError(`Statement name '${name}' must be snake_case`);
  if (!organizationPredicate.test(text)) throw new TenantStatementError(`Statement '${name}' must filter by organization_id = $1 (the organization the session binds)`);
  return Object.freeze({ name, text });
}
