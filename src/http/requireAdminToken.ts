import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './httpErrors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Bearer authentication of the operator routes with ADMIN_TOKEN (staff API keys replace it later). */
export function requireAdminToken(adminToken: string): MiddlewareHandler {
  const expected = digest(adminToken);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token || !timingSafeEqual(digest(token), expected)) {
      return errorResponse(c, 401, 'unauthorized', 'Send the admin token as `Authorization: Bearer <ADMIN_TOKEN>`');
    }
    await next();
  };
}
