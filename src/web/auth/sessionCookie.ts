import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { WebDependencies } from '../webDependencies';

export const sessionCookieName = 'coach_session';

/** Puts the session id in a signed, HttpOnly, SameSite=Strict cookie. */
export async function setSessionCookie(c: Context, deps: WebDependencies, sessionId: string, ttlMs: number): Promise<void> {
  await setSignedCookie(c, sessionCookieName, sessionId, deps.sessionSecret, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.secureCookies,
    path: '/',
    maxAge: Math.floor(ttlMs / 1000),
  });
}

/** The session id from a cookie whose signature checks, or undefined. */
export async function readSessionCookie(c: Context, deps: WebDependencies): Promise<string | undefined> {
  const value = await getSignedCookie(c, deps.sessionSecret, sessionCookieName);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Removes the session cookie (log out). */
export function clearSessionCookie(c: Context, deps: WebDependencies): void {
  deleteCookie(c, sessionCookieName, { path: '/', secure: deps.secureCookies, httpOnly: true, sameSite: 'Strict' });
}
