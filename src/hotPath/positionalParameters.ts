import type { StatementValue } from './statementValue';

// `:name` parameters (never the `::type` of a cast).
const namedParameter = /(?<![:\w]):([a-zA-Z_]\w*)/g;

/** SQL written with `:name` parameters, turned into `$n` ones for a prepared statement. */
export interface PositionalSql {
  text: string;
  /** The values of the parameters after the leading ones, in `$n` order. */
  values(params: Readonly<Record<string, StatementValue | undefined>>): StatementValue[];
}

/**
 * Turns the ORM path's `:name` parameters into `$n`: `leading` ones first (`$1`…, bound by the
 * caller's session), then the others in order of first use, so both paths share one SQL text.
 * `values` refuses a parameter left without a value (null is a value).
 */
export function toPositional(what: string, sql: string, leading: readonly string[] = []): PositionalSql {
  const names = [...leading, ...new Set([...sql.matchAll(namedParameter)].map((match) => match[1]!).filter((name) => !leading.includes(name)))];
  return {
    text: sql.replace(namedParameter, (_, name: string) => `$${names.indexOf(name) + 1}`),
    values: (params) => names.slice(leading.length).map((name) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${what} needs the value of :${name}`);
      return value;
    }),
  };
}
