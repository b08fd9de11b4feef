import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { errorResponse } from '../../http/httpErrors';

/**
 * The OpenAPI app's defaultHook: a failed validation answers 400 in the one error shape, naming
 * the field path (e.g. `rows.3.phoneNumber`) and what to do.
 */
export function validationHook(result: { success: true } | { success: false; error: ZodError; target: string }, c: Context) {
  if (result.success) return undefined;
  const [issue, ...others] = result.error.issues;
  const field = issue.path.map(String).join('.');
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  return errorResponse(c, 400, `invalid_${result.target}`, `${field || result.target}: ${issue.message}${more}`, field || undefined);
}
