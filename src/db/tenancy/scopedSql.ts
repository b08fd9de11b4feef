import type { EntityManager } from '@mikro-orm/postgresql';
import { scopeOf } from './scopes';

export class ScopeError extends Error {}

type SqlValue = string | number | boolean | null | Date | string[] | number[] | Buffer;
/** Named parameters, written `:name` in the SQL (a cast such as `::uuid` is left alone). */
export type SqlParams = Record<string, SqlValue>;

const namedParameter = /(?<![:\w]):([a-zA-Z_][a-zA-Z0-9_]*)/g;

/**
 * Runs raw SQL on tenant tables within the EntityManager's scope, since ORM filters do not
 * reach raw SQL. In an organization scope the SQL must filter on `:organization_id`, which this
 * helper binds; in the system scope it must not use it. An unscoped EntityManager is refused.
 */
export async function scopedSql<Row extends object = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: SqlParams = {},
): Promise<Row[]> {
  const scope = scopeOf(em);
  if (!scope) throw new ScopeError('Raw SQL needs an organization or system scope: use forOrganization() or asSystem()');
  const usesOrganization = sql.includes(':organization_id');
  if ('organizationId' in scope && !usesOrganization) {
    throw new ScopeError('Raw SQL in an organization scope must filter by :organization_id');
  }
  if ('system' in scope && usesOrganization) {
    throw new ScopeError('Raw SQL in the system scope has no :organization_id to bind: pass the id as a named parameter');
  }
  const bound: SqlParams = 'organizationId' in scope ? { ...params, organization_id: scope.organizationId } : params;
  const values: SqlValue[] = [];
  const positional = sql.replace(namedParameter, (_match, name: string) => {
    if (!(name in bound)) throw new ScopeError(`Raw SQL parameter :${name} has no value`);
    values.push(bound[name]);
    return '?';
  });
  return em.getConnection().execute<Row[]>(positional, values, 'all', em.getTransactionContext());
}
