import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { isAllowed, type ApiAction } from '../../api/auth/permissions';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { readSessionCookie } from './sessionCookie';
import { findStaffSession } from './staffSessions';

const sameToken = (a: string, b: string) => {
  const [given, expected] = [Buffer.from(a), Buffer.from(b)];
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/**
 * Console pages need a live session: a GET without one goes to the sign-in page, anything else
 * is refused. Every POST must also carry the session's form token (`_csrf`), on top of the
 * origin check done by hono/csrf.
 */
export function requireStaff(deps: WebDependencies): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const sessionId = await readSessionCookie(c, deps);
    const staff = sessionId ? await findStaffSession(deps.engine.orm.em, sessionId, deps.engine.clock.now()) : undefined;
    if (!staff) {
      if (c.req.method === 'GET') return c.redirect(`${base}/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return c.text('Your session has ended: sign in again.', 401);
    }
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const token = typeof body._csrf === 'string' ? body._csrf : c.req.header('x-csrf-token') ?? '';
      if (!sameToken(token, staff.csrfToken)) return c.text('This form has expired: reload the page and try again.', 403);
    }
    c.set('staff', staff);
    await next();
  };
}

/** Refuses (403) a staff member whose role may not perform the action, by the permission table. */
export function requireAction(action: ApiAction): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (!isAllowed(c.get('staff').role, action)) return c.text(`Your role may not do this (${action}).`, 403);
    await next();
  };
}
