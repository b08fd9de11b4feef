import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';

/**
 * hono/csrf (Origin and Sec-Fetch-Site must be this origin for form posts), answering its
 * refusal itself as a 403 page: the app's error handler would turn the thrown exception into a 500.
 */
export function refuseCrossOrigin(): MiddlewareHandler {
  const check = csrf();
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
