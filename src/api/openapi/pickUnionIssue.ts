import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** An alternative's issue saying the value has another shape: a key it does not know, or lacks, or another type altogether. */
const isShapeMismatch = (issue: Issue): boolean =>
  issue.code === 'unrecognized_keys' || (issue.code === 'invalid_type' && (issue.path.length === 0 || /received undefined$/.test(issue.message)));

/**
 * The issue worth telling for a failed union: when exactly one alternative has the shape of the
 * value (its keys), that alternative's own first problem with its full path (`target.workerIds`:
 * too many), not zod's "Invalid input" for the union; otherwise the union's issue as it is.
 */
export function pickUnionIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  const fitting = issue.errors.filter((alternative) => alternative.length > 0 && !alternative.some(isShapeMismatch));
  if (fitting.length !== 1) return issue;
  const [inner] = fitting[0];
  return pickUnionIssue({ ...inner, path: [...issue.path, ...inner.path] });
}
