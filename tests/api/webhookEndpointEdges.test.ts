import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
const create = (body: Record<string, unknown>) => world().admin('POST', '/v1/webhook-endpoints', body);

describe('event webhook endpoints under hostile input', () => {
  it('keeps each event type once when a list names it twice', async () => {
    const created = await create({ url: 'https://hr.example.test/dup', events: ['quiz.answered', 'quiz.answered', 'badge.earned'] });
    expect(created.status).toBe(201);
    expect(created.json.events).toEqual(['quiz.answered', 'badge.earned']);
    const changed = await world().admin('PATCH', `/v1/webhook-endpoints/${String(created.json.id)}`, { events: ['badge.earned', 'badge.earned'] });
    expect(changed.json.events).toEqual(['badge.earned']);
  });

  it('names the field of a bad URL, event list, description or change', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'https://hr.example.test/x', events: [] }, 'events'],
      [{ url: 'https://hr.example.test/x', events: ['Quiz.Answered'] }, 'events.0'],
      [{ url: 'https://hr.example.test/x', events: 'quiz.answered' }, 'events'],
      [{ url: 'javascript:alert(1)', events: ['quiz.answered'] }, 'url'],
      [{ url: 'https://', events: ['quiz.answered'] }, 'url'],
      [{ url: `https://hr.example.test/${'a'.repeat(2001)}`, events: ['quiz.answered'] }, 'url'],
      [{ url: 'https://hr.example.test/x', events: ['quiz.answered'], description: 'a\u0000b' }, 'description'],
      [{ url: 'https://hr.example.test/x', events: ['quiz.answered'], secret: 'whsec_mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const answer = await create(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error, JSON.stringify(body)).toMatchObject({ field });
    }
    const id = String((await create({ url: 'https://hr.example.test/ok', events: ['quiz.answered'] })).json.id);
    for (const [change, field] of [[{ url: null }, 'url'], [{ events: [] }, 'events'], [{ enabled: 'yes' }, 'enabled'], [{ rotateSecret: 1 }, 'rotateSecret']] as const) {
      const answer = await world().admin('PATCH', `/v1/webhook-endpoints/${id}`, change);
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.json.error, JSON.stringify(change)).toMatchObject({ field });
    }
  });

  it('rotates a secret once per request, each answer a new one, and never shows it in a read', async () => {
    const id = String((await create({ url: 'https://hr.example.test/rotate', events: ['quiz.answered'] })).json.id);
    const rotations = await Promise.all([1, 2].map(() => world().admin('PATCH', `/v1/webhook-endpoints/${id}`, { rotateSecret: true })));
    const secrets = rotations.map((r) => String(r.json.secret));
    expect(new Set(secrets).size).toBe(2);
    expect(secrets.every((s) => s.startsWith('whsec_'))).toBe(true);
    expect((await world().admin('GET', `/v1/webhook-endpoints/${id}`)).text).not.toContain('whsec_');
    expect((await world().admin('PATCH', `/v1/webhook-endpoints/${id}`, { rotateSecret: false })).json.secret).toBeUndefined();
  });

  it("names a bad page of the delivery log, and answers another organization's endpoint as unknown", async () => {
    const id = String((await create({ url: 'https://hr.example.test/log', events: ['quiz.answered'] })).json.id);
    for (const [query, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['status=lost', 'status'], ['cursor=-1', 'cursor'], ['cursor=1e3', 'cursor']]) {
      const answer = await world().admin('GET', `/v1/webhook-endpoints/${id}/deliveries?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json.error, query).toMatchObject({ field });
    }
    expect((await world().admin('GET', `/v1/webhook-endpoints/${id}/deliveries?cursor=0`)).json).toEqual({ deliveries: [], nextCursor: null });
    const theirs = world().b.keys.org_admin;
    expect((await world().call(theirs, 'PATCH', `/v1/webhook-endpoints/${id}`, { rotateSecret: true })).status).toBe(404);
    expect((await world().call(theirs, 'DELETE', `/v1/webhook-endpoints/${id}`)).status).toBe(404);
    expect((await world().admin('GET', `/v1/webhook-endpoints/${id}`)).status).toBe(200);
  });
});

describe('the LRS settings under hostile input', () => {
  const lrs = { endpoint: 'https://lrs.example.test/xapi/', username: 'u', password: 'p', homePage: 'https://acme.example.test' };
  it('names a missing, empty or unknown field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...lrs, password: '' }, 'password'],
      [{ ...lrs, username: undefined }, 'username'],
      [{ ...lrs, homePage: 'acme' }, 'homePage'],
      [{ ...lrs, endpoint: 'file:///etc/passwd' }, 'endpoint'],
      [{ ...lrs, sendFreeText: 'yes' }, 'sendFreeText'],
      [{ ...lrs, homepage: 'https://acme.example.test' }, 'homepage'],
    ];
    for (const [body, field] of cases) {
      const answer = await world().admin('PUT', '/v1/lrs-config', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error, JSON.stringify(body)).toMatchObject({ field });
    }
  });

  it('refuses a home page with a query or a fragment, which would swallow every activity IRI built under it', async () => {
    for (const homePage of ['https://acme.example.test/?org=1', 'https://acme.example.test/#workers']) {
      const answer = await world().admin('PUT', '/v1/lrs-config', { ...lrs, homePage });
      expect(answer.status, homePage).toBe(400);
      expect(answer.json.error, homePage).toMatchObject({ field: 'homePage' });
    }
  });
});
