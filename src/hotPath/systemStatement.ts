import type { StatementValue } from './statementValue';
import { toPositional } from './positionalParameters';

/**
 * A statement of no one organization (the dispatcher's batches: rows of many organizations named
 * by id), prepared on the hot path's connections or run through the ORM's system scope. Its SQL
 * binds no `:organization_id`: which organizations it touches is decided by the rows it is given,
 * each of which carries its own organization, so it is only ever used by the system's own loops.
 */
export interface SystemStatement {
  /** The ORM path's text (`:name` parameters). */
  readonly sql: string;
  /** The prepared statement (`$1`… in `values`' order). */
  readonly prepared: { readonly name: string; readonly text: string };
  /** `why` as in `asSystem`: what system work runs it. */
  readonly purpose: string;
  values(params: Readonly<Record<string, StatementValue | undefined>>): StatementValue[];
}

export class SystemStatementError extends Error {}

/** Defines a system statement; refused when its text expects an organization bound by a session. */
export function defineSystemStatement(name: string, purpose: string, sql: string): SystemStatement {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new SystemStatementError(`Statement name '${name}' must be snake_case`);
  if (/(?<![:\w]):organization_id\b/.test(sql)) throw new SystemStatementError(`System statement '${name}' binds :organization_id: make it a tenant statement`);
  const positional = toPositional(`Statement '${name}'`, sql);
  return Object.freeze({ sql, prepared: Object.freeze({ name, text: positional.text }), purpose, values: positional.values });
}
