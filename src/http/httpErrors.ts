import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error shape of every route: a stable code, a message that says what to do, the field when one is at fault. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string) {
  return c.json({ error: { code, message, ...(field !== undefined ? { field } : {}) } }, status);
}
