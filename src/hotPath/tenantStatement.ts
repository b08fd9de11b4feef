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
 *
 * A lookup by a narrower key (an id, a phone number, a worker, a conversation) writes its
 * organization filter as `(x.organization_id = $1) is true`: checked on every row found, but never
 * an index condition. Without statistics (a fresh database; CI and the bench run without
 * autovacuum) every lookup looks like one row to the planner, which then takes the smallest index
 * that applies, often the one on organization_id alone, and the generic plan, kept for the
 * connection's life, reads every row of the organization to find one.
 */
export function defineTenantStatement(name: string, text: string): TenantStatement {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new TenantStatementError(`Statement name '${name}' must be snake_case`);
  if (!organizationPredicate.test(text)) throw new TenantStatementError(`Statement '${name}' must filter by organization_id = $1 (the organization the session binds)`);
  return Object.freeze({ name, text });
}
