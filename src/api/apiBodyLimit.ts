import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from '../http/httpErrors';

/** Largest request body (bytes) of the management and platform APIs, except imports. */
export const API_BODY_BYTES = 1024 * 1024;

/** Hono's `bodyLimit` answering the API's `413 body_too_large` over `maxBytes` (default `API_BODY_BYTES`). */
export function apiBodyLimit(maxBytes = API_BODY_BYTES): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: (c) => errorResponse(c, 413, 'body_too_large', 'The body is too large: send fewer rows per request') });
}
