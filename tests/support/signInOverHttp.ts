import type { Hono } from 'hono';
import { TEST_PASSWORD } from './webWorld';

/** A console session without a browser: the cookie and form token to send with requests. */
export interface HttpSession {
  cookie: string;
  csrf: string;
}

/** Signs in through the real sign-in form, in process, and reads the form token from a page. */
export async function signInOverHttp(app: Hono, email: string): Promise<HttpSession> {
  const origin = 'http://localhost';
  const signedIn = await app.request(`${origin}/coach/login`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }).toString(),
  });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  if (signedIn.status !== 303 || !cookie) throw new Error(`sign-in refused (${signedIn.status})`);
  // Every role may read the program list.
  const page = await (await app.request(`${origin}/coach/programs`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no form token on /coach/programs');
  return { cookie, csrf };
}
