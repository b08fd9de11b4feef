import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;
let channelId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
  channelId = String((await world.admin('POST', '/v1/channels', twilioInput)).json.id);
});
afterAll(async () => db.destroy());

/** A JSON body text whose `part` holds an own `__proto__` key (JSON.parse keeps it; an object literal cannot). */
const withProtoKey = (part: 'settings' | 'secrets', base: Record<string, unknown>) => {
  const body = { ...base, [part]: { ...(base[part] as object), PROTO_KEY: { authToken: 'smuggled-token-SECRET-0000' } } };
  return JSON.stringify(body).replace('"PROTO_KEY"', '"__proto__"');
};

async function send(method: string, path: string, text: string) {
  const response = await world.app.request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${world.a.keys.org_admin}`, 'content-type': 'application/json' }, body: text });
  return { status: response.status, json: (await response.json()) as { error?: { field?: string } } };
}

describe('a channel body with a `__proto__` key', () => {
  it.each(['settings', 'secrets'] as const)('is refused naming %s.__proto__ when connecting a number or changing one, never dropped unseen', async (part) => {
    const created = await send('POST', '/v1/channels', withProtoKey(part, { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550004444' } }));
    expect(created.status).toBe(400);
    expect(created.json.error).toMatchObject({ field: `${part}.__proto__` });
    const patched = await send('PATCH', `/v1/channels/${channelId}`, withProtoKey(part, { [part]: {} }));
    expect(patched.status).toBe(400);
    expect(patched.json.error).toMatchObject({ field: `${part}.__proto__` });
  });
});

describe('connecting one number ten times at once', () => {
  it('connects it once and refuses the rest as taken', async () => {
    const input = { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550005555' } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => world.admin('POST', '/v1/channels', input)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const rows = await world.sql(`select id from channels where organization_id = :organization_id and address = '+15550005555'`);
    expect(rows).toHaveLength(1);
  });
});

describe('a secret longer than any provider gives', () => {
  it('is refused naming it when connecting a number or rotating one; one of 2,048 characters is taken', async () => {
    const long = 'x'.repeat(2_049);
    const created = await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550006666' }, secrets: { ...twilioInput.secrets, authToken: long } });
    expect(created.status).toBe(400);
    expect(created.json.error).toMatchObject({ field: 'secrets.authToken', message: expect.stringContaining('2049 characters') });
    const rotated = await world.admin('PATCH', `/v1/channels/${channelId}`, { secrets: { authToken: long } });
    expect(rotated.status).toBe(400);
    expect(rotated.json.error).toMatchObject({ field: 'secrets.authToken' });
    expect((await world.admin('PATCH', `/v1/channels/${channelId}`, { secrets: { authToken: 'y'.repeat(2_048) } })).status).toBe(200);
  });
});
