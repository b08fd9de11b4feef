import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, type HttpSession } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let session: HttpSession;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  await world.addStaff('org_admin', 'olga@example.test');
  session = await signInOverHttp(world.app, 'olga@example.test');
});
afterAll(async () => {
  await world.close();
  await db.destroy();
});

const api = (path: string, init: { method?: string; body?: string; type?: string } = {}) =>
  world.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${world.apiKey}`, ...(init.body !== undefined ? { 'content-type': init.type ?? 'application/json' } : {}) },
    body: init.body,
  });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string; field?: string } }).error;

describe('text PostgreSQL cannot store, refused at the boundary with a 400 naming the field', () => {
  it('the JSON API: U+0000 or a lone surrogate anywhere in the body, keys included', async () => {
    const nul = await api('/v1/workers', { method: 'POST', body: '{"fullName":"Ann\\u0000","phoneNumber":"+254700000001"}' });
    expect(nul.status).toBe(400);
    expect(await errorOf(nul)).toMatchObject({ code: 'invalid_json', field: 'fullName' });
    const surrogate = await api('/v1/workers', { method: 'POST', body: '{"fullName":"Ann","phoneNumber":"+254700000001","attributes":{"site":"Nai\\ud800robi"}}' });
    expect(await errorOf(surrogate)).toMatchObject({ field: 'attributes.site' });
    const imported = await api('/v1/workers/import', { method: 'POST', body: JSON.stringify({ workers: [{ fullName: 'Bo', phoneNumber: '+254700000002' }, { fullName: 'C\u0000', phoneNumber: '+254700000003' }] }) });
    expect(await errorOf(imported)).toMatchObject({ field: 'workers.1.fullName' });
    expect((await world.sql<{ n: number }>('select count(*)::int as n from workers where organization_id = :organization_id and phone_number like :prefix', { prefix: '+2547000000%' }))[0].n).toBe(0);
  });

  it('the query string and the path', async () => {
    const search = await api('/v1/workers?search=a%00b');
    expect(search.status).toBe(400);
    expect(await errorOf(search)).toMatchObject({ code: 'invalid_query', field: 'search' });
    expect((await api('/v1/workers/%00')).status).toBe(400);
  });

  it('a CSV import and a flow file upload, by line', async () => {
    const csv = await api('/v1/workers/import', { method: 'POST', type: 'text/csv', body: 'full_name,phone_number\nAnn,+254700000004\nB\u0000o,+254700000005\n' });
    expect(csv.status).toBe(400);
    expect((await errorOf(csv)).message).toContain('line 3');
    expect((await api('/v1/blueprints', { method: 'POST', type: 'application/yaml', body: 'key: a\u0000b\n' })).status).toBe(400);
  });

  it('the console forms, signed in or not', async () => {
    const form = (path: string, fields: Record<string, string>, cookie = session.cookie) =>
      world.app.request(`http://localhost${path}`, { method: 'POST', headers: { origin: 'http://localhost', cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const signIn = await form('/coach/login', { email: 'olga@example.test\u0000', password: 'x' }, '');
    expect(signIn.status).toBe(400);
    expect(await signIn.text()).toContain('email');
    const worker = await world.addWorker();
    expect((await form(`/coach/workers/${worker.id}/reply`, { _csrf: session.csrf, text: 'hi\u0000' })).status).toBe(400);
    expect((await world.app.request('http://localhost/coach/workers?search=%00', { headers: { cookie: session.cookie } })).status).toBe(400);
    // A year PostgreSQL has not (the API's dates are checked alike: tests/api/storableValues.test.ts).
    expect((await form(`/coach/programs/${world.program.id}/dates`, { _csrf: session.csrf, startDate: '0000-01-01', endDate: '' })).status).toBe(400);
  });
});

describe('a form body that cannot be read answers 400, not 500', () => {
  const broken = (path: string) =>
    world.app.request(`http://localhost${path}`, {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nolga@example.test\r\n--XY',
    });
  it('on the sign-in page and the one-time link pages', async () => {
    expect((await broken('/coach/login')).status).toBe(400);
    expect((await broken('/coach/invitations/some-token')).status).toBe(400);
    expect((await broken('/coach/password-reset/some-token')).status).toBe(400);
  });
});

describe('cursors and ids PostgreSQL cannot read answer 4xx, not 500', () => {
  it('a message cursor beyond bigint: 400 from the API, the newest page on the console', async () => {
    const worker = await world.addWorker();
    const page = await api(`/v1/workers/${worker.id}/messages?before=9999999999999999999`);
    expect(page.status).toBe(400);
    expect(await errorOf(page)).toMatchObject({ field: 'before' });
    expect((await world.app.request(`http://localhost/coach/workers/${worker.id}?before=9999999999999999999`, { headers: { cookie: session.cookie } })).status).toBe(200);
  });

  it('a worker list cursor whose decoded text PostgreSQL cannot store: the first page on the console', async () => {
    for (const key of ['a\u0000b', 'a\ud800b']) {
      const after = Buffer.from(JSON.stringify(['name', key, '00000000-0000-4000-8001-000000000110'])).toString('base64url');
      expect((await world.app.request(`http://localhost/coach/workers?after=${after}`, { headers: { cookie: session.cookie } })).status, key).toBe(200);
    }
  });

  it('36 characters of hex and dashes that are no uuid, on the webhook routes: 404', async () => {
    for (const id of ['0123456789abcdef0123456789abcdef----', '-'.repeat(36)]) {
      for (const path of [`/webhooks/twilio/${id}`, `/webhooks/twilio/${id}/status`, `/webhooks/whatsapp/${id}`]) {
        expect((await world.request(path, { method: 'POST', body: 'a=b' })).status, path).toBe(404);
      }
      expect((await world.request(`/webhooks/whatsapp/${id}?hub.mode=subscribe`)).status).toBe(404);
    }
  });
});

