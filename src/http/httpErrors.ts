import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error shape of every route: a stable code, a message that says what to do, the field when one is at fault. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string) {
  return c.json({ error: { code, message, ...(field !== undefined ? { field } : {}) } }, status);
}

/** The database is down and the inbound spool cannot be written: the provider should retry. */
export function unavailableResponse(c: Context) {
  return errorResponse(c, 503, 'temporarily_unavailable', 'The engine cannot store this message right now; retry later.');
}
