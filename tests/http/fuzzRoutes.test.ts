import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSecretBox, TEST_ADMIN_TOKEN } from '../support/httpWorld';
import { signInOverHttp, type HttpSession } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';

/** A seeded PRNG (mulberry32): the same requests on every run. */
function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick };
}
const random = seeded(14);

const hex = (length: number) => Array.from({ length }, () => random.pick([...'0123456789abcdef'])).join('');
/** Path parameters: a well-formed unknown uuid, 36 characters that are no uuid, control characters, sizes, traversal. */
const badIds = [
  () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
  () => `${hex(32)}----`,
  () => '-'.repeat(36),
  () => 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  () => '%00',
  () => 'a%00b',
  () => 'x'.repeat(3000),
  () => '%F0%9F%92%A9',
  () => '..%2F..%2Fetc%2Fpasswd',
  () => '99999999999999999999',
  () => '-1',
];
/** Query strings every route gets one of. */
const queries = [
  '',
  '?before=9999999999999999999&after=9999999999999999999&cursor=zzz&limit=-5',
  '?limit=1e400&cursor=%00&programId=%00',
  '?search=%ED%A0%80&status=%00&language=%00',
  '?next=%00&flash=%00&q=%00',
  '?segmentId=00000000-0000-0000-0000-000000000000&cursor=00000000-0000-4000-8000-000000000000&order=%00',
  '?a[]=1&a[]=2&limit=200&limit=3&before=1&before=2',
  `?search=${'x'.repeat(5000)}`,
  '?publish=maybe&dryRun=%00',
];
const fieldNames = ['name', 'fullName', 'phoneNumber', 'language', 'timezone', 'rule', 'target', 'content', 'text', 'channelId', 'workerIds', 'settings', 'attributes', 'role', 'email', 'status', 'dryRun', 'scheduledAt', 'workers', 'kind', 'address', 'secrets', 'templateId', 'blueprintId', 'programId', 'segmentId', 'password', 'confirm', 'next', 'paused', 'blueprint', 'variables', 'quietHours', 'joinCode'];
const deepRule = `${'{"not":'.repeat(1000)}{"field":"language","op":"eq","value":"en"}${'}'.repeat(1000)}`;
/** A value of a random type: strings with control characters, huge ones, numbers beyond range, nesting. */
function randomValue(depth = 0): unknown {
  const kinds = ['nul', 'surrogate', 'long', 'number', 'huge', 'bool', 'null', 'array', 'object', 'uuid', 'control', 'empty', 'emoji'] as const;
  switch (random.pick(depth > 2 ? kinds.slice(0, 8) : kinds)) {
    case 'nul': return 'a\u0000b';
    case 'surrogate': return 'x\ud800y';
    case 'long': return 'y'.repeat(70_000);
    case 'number': return random.pick([-1, 0, 1.5, 2 ** 63, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2]);
    case 'huge': return '9'.repeat(40);
    case 'bool': return random.next() < 0.5;
    case 'null': return null;
    case 'array': return Array.from({ length: 3 }, () => randomValue(depth + 1));
    case 'object': return Object.fromEntries(Array.from({ length: 3 }, () => [random.pick(fieldNames), randomValue(depth + 1)]));
    case 'uuid': return badIds[0]();
    case 'control': return '\u0001\u0007\u001b[31m\r\n\t\u2028\u202e';
    case 'empty': return '';
    case 'emoji': return '😀'.repeat(100);
  }
}
const randomObject = () => Object.fromEntries(Array.from({ length: 1 + Math.floor(random.next() * 6) }, () => [random.pick(fieldNames), randomValue()]));

interface Body {
  type: string;
  text: string;
}
const jsonBodies: (() => Body)[] = [
  () => ({ type: 'application/json', text: JSON.stringify(randomObject()) }),
  () => ({ type: 'application/json', text: JSON.stringify(randomObject()) }),
  () => ({ type: 'application/json', text: random.pick(['null', '[]', '"x"', '1e400', '{"__proto__":{"polluted":1}}', '{"a":', '\u0000', '{"rule":{"all":[]}}']) }),
  () => ({ type: 'application/json', text: `{"name":"Deep","rule":${deepRule}}` }),
  () => ({ type: 'application/json', text: `{"target":${'['.repeat(20_000)}${']'.repeat(20_000)}}` }),
  () => ({ type: 'application/json', text: '{"fullName":"Ann\\u0000","name":"\\ud800","text":"\\udc00","workers":[{"fullName":"\\u0000"}]}' }),
  () => ({ type: 'text/csv', text: 'full_name,phone_number\n"Ann,+1\n\u0000,=1+2\n' }),
  () => ({ type: 'application/yaml', text: 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n' }),
  () => ({ type: 'application/yaml', text: `blueprint: "\\0"\n${'- '.repeat(3000)}x\n` }),
  () => ({ type: 'application/octet-stream', text: '\u0000\u0001\u0002' }),
];
const formBodies = (csrf: string): (() => Body)[] => [
  () => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams({ _csrf: csrf, ...Object.fromEntries(Object.entries(randomObject()).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value) ?? ''])) }).toString() }),
  () => ({ type: 'application/x-www-form-urlencoded', text: `_csrf=${csrf}&name=%00&text=%ED%A0%80&email=a%00b&kind=%00&blueprint=x&paused=%00` }),
  () => ({ type: 'application/x-www-form-urlencoded', text: `_csrf=${csrf}&${fieldNames.map((name) => `${name}=${'%E2%80%AE'.repeat(2000)}`).join('&')}` }),
  () => ({ type: 'multipart/form-data; boundary=XYZ', text: `--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--XY` }),
  () => ({ type: 'multipart/form-data', text: 'no boundary at all' }),
  () => ({ type: 'application/x-www-form-urlencoded', text: `_csrf=${'é'.repeat(csrf.length)}&text=hi` }),
];

let db: TestDatabase;
let world: WebWorld;
let session: HttpSession;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding', web: { secretBox: testSecretBox } });
  await world.addStaff('org_admin', 'olga@example.test');
  session = await signInOverHttp(world.app, 'olga@example.test');
});
afterAll(async () => {
  await world.close();
  await db.destroy();
});

/** A refusal by design: the API's routes that need ENCRYPTION_KEY answer 503 when the server has none. */
const isDesignedRefusal = (status: number, text: string) => status === 503 && text.includes('ENCRYPTION_KEY');

describe('every route, fed hostile input', () => {
  it('answers no 5xx to bad ids, query strings, types, sizes, control characters and nesting', async () => {
    const routes = new Map<string, { method: string; path: string }>();
    for (const route of world.app.routes) {
      if (route.method === 'ALL' || route.path.includes('*')) continue;
      if (route.path === '/coach/logout') continue; // would end the session the other requests use
      if (route.path.endsWith('/events')) continue; // live streams (server-sent events) stay open by design
      routes.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
    }
    expect(routes.size).toBeGreaterThan(80);
    const failures: string[] = [];
    let sent = 0;
    for (const { method, path } of routes.values()) {
      const console = path.startsWith('/coach');
      const bodies = method === 'GET' ? [undefined] : console ? formBodies(session.csrf) : jsonBodies;
      for (let attempt = 0; attempt < 6; attempt++) {
        const url = path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, () => random.pick(badIds)()) + random.pick(queries);
        const body = method === 'GET' ? undefined : random.pick(bodies as (() => Body)[])();
        const headers: Record<string, string> = console
          ? { cookie: session.cookie, origin: 'http://localhost', 'x-csrf-token': session.csrf }
          : path.startsWith('/console')
            ? { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
            : { authorization: `Bearer ${world.apiKey}`, 'idempotency-key': random.pick(['k', 'x'.repeat(300)]), 'webhook-id': random.pick(['msg_1', 'w'.repeat(400)]), 'webhook-timestamp': String(Math.floor(world.clock.now() / 1000)), 'webhook-signature': 'v1,AAAA' };
        if (body) headers['content-type'] = body.type;
        const response = await world.app.request(`http://localhost${url}`, { method, headers, body: body?.text });
        const text = await response.text();
        sent++;
        if (response.status >= 500 && !isDesignedRefusal(response.status, text)) failures.push(`${response.status} ${method} ${url.slice(0, 120)} ${body ? `${body.type} ${body.text.slice(0, 80)}` : ''} → ${text.slice(0, 200)}`);
      }
    }
    expect(sent).toBeGreaterThan(480);
    expect(failures).toEqual([]);
  }, 120_000);
});
