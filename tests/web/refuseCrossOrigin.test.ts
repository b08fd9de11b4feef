import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { refuseCrossOrigin } from '../../src/web/auth/refuseCrossOrigin';

const app = new Hono();
app.use('*', refuseCrossOrigin('https://coach.example.org'));
app.post('/form', (c) => c.text('accepted'));

const post = (headers: Record<string, string>) =>
  app.request('http://127.0.0.1:3000/form', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

describe('cross-origin form posts', () => {
  it('accepts the request origin and the public origin of a proxy', async () => {
    expect((await post({ origin: 'http://127.0.0.1:3000' })).status).toBe(200);
    expect((await post({ origin: 'https://coach.example.org' })).status).toBe(200);
  });

  it('refuses another origin with a 403 page, unless the browser says same-origin', async () => {
    const refused = await post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('posted from another site');
    expect((await post({ origin: 'http://127.0.0.1:3001', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});
