import { Hono } from 'hono';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { asSystem } from '../../db/tenancy/scopes';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { verifyPassword } from './hashPassword';
import { readClientAddress } from './readClientAddress';
import { createSignInThrottle } from './signInThrottle';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './sessionCookie';
import { createStaffSession, deleteStaffSession, findStaffSession } from './staffSessions';

/** Sessions last 12 hours unless WebDependencies.sessionTtlMs says otherwise. */
export const defaultSessionTtlMs = 12 * 60 * 60 * 1000;
// Compared against when the email is unknown, so both cases cost one scrypt.
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Only same-site paths under the console: never an open redirect. */
const safeNext = (next: string | undefined) => (next && next.startsWith(`${base}/`) && !next.startsWith('//') ? next : `${base}/workers`);

function LoginPage({ error, next, email }: { error?: string; next?: string; email?: string }) {
  return (
    <Page title="Sign in">
      <div class="card" style="max-width:420px">
        {error && <p class="alert" role="alert">{error}</p>}
        <form method="post" action={`${base}/login`}>
          <input type="hidden" name="next" value={next ?? ''} />
          <p><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} /></p>
          <p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required /></p>
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">Invited, or forgot your password? Use the link you were sent by email.</p>
      </div>
    </Page>
  );
}

/** Sign in with email and password, and log out. */
export function loginRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const ttl = deps.sessionTtlMs ?? defaultSessionTtlMs;
  const throttle = createSignInThrottle();

  app.get(`${base}/login`, async (c) => {
    const sessionId = await readSessionCookie(c, deps);
    if (sessionId && (await findStaffSession(deps.engine.orm.em, sessionId, deps.engine.clock.now()))) return c.redirect(safeNext(c.req.query('next')), 303);
    return c.html(<LoginPage next={c.req.query('next')} />);
  });

  app.post(`${base}/login`, async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = typeof body.next === 'string' ? body.next : undefined;
    const now = deps.engine.clock.now();
    const client = readClientAddress(c);
    const refusal = throttle.refusal(email, client, now);
    if (refusal) {
      const error = refusal === 'client' ? 'Too many failed sign-ins from here: wait 15 minutes.' : 'Too many failed attempts for this email: wait 15 minutes, or reset the password.';
      deps.engine.logger.warn({ event: 'staff_sign_in_throttled', by: refusal, client }, 'staff sign-in throttled');
      return c.html(<LoginPage error={error} next={next} email={email} />, 429);
    }
    const [user] = await scopedSql<{ id: string; organization_id: string; password_hash: string | null }>(
      asSystem(deps.engine.orm.em, 'staff sign-in by email'),
      'select id, organization_id, password_hash from users where lower(email) = :email',
      { email },
    );
    const matches = await verifyPassword(password, user?.password_hash ?? decoyHash);
    if (!user || !user.password_hash || !matches) {
      throttle.failed(email, client, now);
      deps.engine.logger.info({ event: 'staff_sign_in_refused' }, 'staff sign-in refused');
      return c.html(<LoginPage error="That email and password do not match an account." next={next} email={email} />, 401);
    }
    throttle.succeeded(email, client);
    const sessionId = await createStaffSession(deps.engine.orm.em, { id: user.id, organizationId: user.organization_id }, deps.engine.clock.now(), ttl);
    await setSessionCookie(c, deps, sessionId, ttl);
    return c.redirect(safeNext(next), 303);
  });

  app.post(`${base}/logout`, async (c) => {
    await deleteStaffSession(deps.engine.orm.em, c.get('staff').sessionHash, deps.engine.clock.now());
    clearSessionCookie(c, deps);
    return c.redirect(`${base}/login`, 303);
  });
  return app;
}
