import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { errorResponse } from '../../http/httpErrors';
import { describeZodError } from './describeZodError';

/**
 * The OpenAPI app's defaultHook: a failed validation answers 400 in the one error shape, naming
 * the field path (e.g. `rows.3.phoneNumber`) and what to do.
 */
export function validationHook(result: { success: true } | { success: false; error: ZodError; target: string }, c: Context) {
  if (result.success) return undefined;
  const { field, message } = describeZodError(result.error, result.target);
  return errorResponse(c, 400, `invalid_${result.target}`, message, field);
}
