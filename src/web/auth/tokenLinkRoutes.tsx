import { Hono } from 'hono';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { hashPassword } from './hashPassword';
import { peekUserToken, redeemUserToken, type TokenPurpose } from './redeemUserToken';
import { setSessionCookie } from './sessionCookie';
import { createStaffSession } from './staffSessions';

const minLength = 12;
const links: { path: string; purpose: TokenPurpose; title: string; button: string }[] = [
  { path: `${base}/invitations/:token`, purpose: 'invitation', title: 'Accept your invitation', button: 'Set my password and sign in' },
  { path: `${base}/password-reset/:token`, purpose: 'password_reset', title: 'Choose a new password', button: 'Save the password and sign in' },
];

function PasswordForm({ title, button, email, error }: { title: string; button: string; email: string; error?: string }) {
  return (
    <Page title={title}>
      <div class="card" style="max-width:420px">
        {error && <p class="alert" role="alert">{error}</p>}
        <form method="post">
          <p>For <strong>{email}</strong></p>
          <input type="hidden" name="username" value={email} autocomplete="username" />
          <p><label for="password">New password (at least {minLength} characters)</label><input id="password" name="password" type="password" autocomplete="new-password" minlength={minLength} required /></p>
          <p><label for="confirm">The same password again</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength={minLength} required /></p>
          <button type="submit">{button}</button>
        </form>
      </div>
    </Page>
  );
}

const deadLink = (title: string) => (
  <Page title={title}><p class="alert" role="alert">This link is unknown, used or expired. Ask an administrator for a new one.</p></Page>
);

/**
 * The one-time links the management API sends: accept an invitation, reset a password. Each
 * sets the user's password (scrypt) and signs them in; the token is in user_tokens as sha256.
 */
export function tokenLinkRoutes(deps: WebDependencies, sessionTtlMs: number): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  for (const link of links) {
    app.get(link.path, async (c) => {
      c.header('referrer-policy', 'no-referrer');
      const user = await peekUserToken(deps.engine.orm.em, c.req.param('token') ?? '', link.purpose, deps.engine.clock.now());
      if (!user) return c.html(deadLink(link.title), 404);
      return c.html(<PasswordForm title={link.title} button={link.button} email={user.email} />);
    });
    app.post(link.path, async (c) => {
      c.header('referrer-policy', 'no-referrer');
      const token = c.req.param('token') ?? '';
      const body = await c.req.parseBody();
      const password = typeof body.password === 'string' ? body.password : '';
      const user = await peekUserToken(deps.engine.orm.em, token, link.purpose, deps.engine.clock.now());
      if (!user) return c.html(deadLink(link.title), 404);
      const problem = password.length < minLength ? `Use at least ${minLength} characters.` : password !== body.confirm ? 'The two passwords differ.' : undefined;
      if (problem) return c.html(<PasswordForm title={link.title} button={link.button} email={user.email} error={problem} />, 400);
      const redeemed = await redeemUserToken(deps.engine.orm.em, token, link.purpose, await hashPassword(password), deps.engine.clock.now());
      if (!redeemed) return c.html(deadLink(link.title), 404);
      const sessionId = await createStaffSession(deps.engine.orm.em, redeemed, deps.engine.clock.now(), sessionTtlMs);
      await setSessionCookie(c, deps, sessionId, sessionTtlMs);
      return c.redirect(`${base}/workers`, 303);
    });
  }
  return app;
}
