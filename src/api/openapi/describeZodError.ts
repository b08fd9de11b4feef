import type { ZodError } from 'zod';
import { pickUnionIssue } from './pickUnionIssue';

/**
 * The first problem of a failed validation as the API words it: the field path (e.g.
 * `rows.3.phoneNumber`, or `fallback` when the problem is the whole value) and a message that
 * starts with it, saying how many other problems there are. The console words its refusals alike.
 */
export function describeZodError(error: ZodError, fallback: string): { field: string | undefined; message: string } {
  const [first, ...others] = error.issues;
  const issue = pickUnionIssue(first);
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  // An unknown key is named as the field itself: `rule.zz`, not `rule: Unrecognized key: "zz"`.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? 'is not a field here (misspelt, or of another route)' : issue.message;
  return { field: field || undefined, message: `${field || fallback}: ${message}${more}` };
}
