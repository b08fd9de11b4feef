import type { ZodError } from 'zod';

/**
 * The first problem of a failed validation as the API words it: the field path (e.g.
 * `rows.3.phoneNumber`, or `fallback` when the problem is the whole value) and a message that
 * starts with it, saying how many other problems there are. The console words its refusals alike.
 */
export function describeZodError(error: ZodError, fallback: string): { field: string | undefined; message: string } {
  const [issue, ...others] = error.issues;
  const field = issue.path.map(String).join('.');
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  return { field: field || undefined, message: `${field || fallback}: ${issue.message}${more}` };
}
