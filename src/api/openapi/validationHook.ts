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
  // A parameter sent twice reaches its schema as a list, which no message of zod's explains.
  const times = result.target === 'query' && field ? (c.req.queries(field)?.length ?? 0) : 0;
  if (times > 1) return errorResponse(c, 400, 'invalid_query', `${field}: given ${times} times: send it once`, field);
  return errorResponse(c, 400, `invalid_${result.target}`, message, field);
}
