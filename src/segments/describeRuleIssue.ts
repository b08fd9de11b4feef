import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
interface Found {
  path: PropertyKey[];
  message: string;
  /** Problems in the branch this came from: fewer means a closer match. */
  count: number;
}

function resolve(issue: Issue, base: PropertyKey[]): Found {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message, count: 1 };
  const options = issue.errors
    .filter((branch) => branch.length > 0)
    .map((branch) => (branch.length === 1 ? resolve(branch[0], path) : { ...resolve(branch[0], path), count: branch.length }));
  options.sort((a, b) => a.count - b.count || b.path.length - a.path.length);
  return options[0];
}

/**
 * The most useful problem of a rule that failed validation. A rule is a union of condition
 * shapes, so zod reports every shape's complaints; this follows the shape that came closest
 * (fewest problems, then deepest) and names its field under `base` (e.g. rule.all.1.op).
 */
export function describeRuleIssue(error: z.ZodError, base: string): { field: string; message: string } {
  const found = resolve(error.issues[0], [base]);
  const field = found.path.map(String).join('.');
  return { field, message: `${field}: ${found.message}. A condition is {field, op, value}, {attribute, op, value?} or {program, status}; combine with {all: [...]}, {any: [...]}, {not: ...}` };
}
