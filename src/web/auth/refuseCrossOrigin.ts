import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';

/**
 * hono/csrf: a form post passes when its Origin is the request's own or the public one (behind a
 * proxy), or its Sec-Fetch-Site is same-origin. The refusal is answered here as a 403 page: the
 * app's error handler would turn the thrown exception into a 500.
 */
export function refuseCrossOrigin(publicOrigin?: string): MiddlewareHandler {
  const check = csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || (publicOrigin !== undefined && origin === publicOrigin) });
  return async (c, next) => {
    try {
      await check(c, next);
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) {
        return c.text('Refused: this form was posted from another site.', 403);
      }
      throw error;
    }
  };
}
