import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { refuseLargeBody } from './refuseLargeBody';

/**
 * Hono's `bodyLimit` for a provider webhook (over `maxBytes`: `refuseLargeBody`), as cheap as the
 * request allows: a body declared by Content-Length (without Transfer-Encoding) is judged by that
 * header, as `bodyLimit` judges it, but without touching `c.req.raw.body`, which on the Node
 * server turns every request into a web Request and stream (and the route's read of the body
 * into a stream read). A body without a declared length goes through `bodyLimit`.
 */
export function webhookBodyLimit(maxBytes: number): MiddlewareHandler {
  const counted = bodyLimit({ maxSize: maxBytes, onError: (c) => refuseLargeBody(c, maxBytes) });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    return parseInt(declared, 10) > maxBytes ? refuseLargeBody(c, maxBytes) : next();
  };
}
