import { beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/broadcasts/verifyStandardWebhook';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
let workerId: string;

beforeAll(async () => {
  workerId = String((await world().admin('POST', '/v1/workers', { fullName: 'Amina', phoneNumber: '+15554100001' })).json.id);
});

let nextId = 0;
/** The status of a broadcast webhook of organization a signed with `secret`. */
async function signedBroadcast(secret: string): Promise<number> {
  nextId += 1;
  const id = `msg_rotated_${nextId}`;
  const body = JSON.stringify({ target: { workerIds: [workerId] }, content: { text: 'Shift moved' } });
  const timestamp = String(Math.floor(world().clock.now() / 1000));
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signStandardWebhook(secret, id, timestamp, body) };
  return (await world().app.request(`http://localhost/webhooks/broadcasts/${world().a.id}`, { method: 'POST', headers, body })).status;
}

const newWebhookSecret = async () => String((await world().admin('POST', '/v1/webhook-secret')).json.secret);

describe('the broadcast webhook secret, rotated', () => {
  it('stops the previous secret at once, as documented', async () => {
    const first = await newWebhookSecret();
    expect(await signedBroadcast(first)).toBe(201);
    const second = await newWebhookSecret();
    expect(await signedBroadcast(first)).toBe(401);
    expect(await signedBroadcast(second)).toBe(201);
  });

  it('rotated five times at once: exactly one of the answered secrets works', async () => {
    const secrets = await Promise.all(Array.from({ length: 5 }, newWebhookSecret));
    expect(new Set(secrets).size).toBe(5);
    const statuses = await Promise.all(secrets.map(signedBroadcast));
    expect(statuses.sort()).toEqual([201, 401, 401, 401, 401]);
  });

  it("is organization b's own: b rotating leaves a's secret working", async () => {
    const ofA = await newWebhookSecret();
    expect((await world().call(world().b.keys.org_admin, 'POST', '/v1/webhook-secret')).status).toBe(200);
    expect(await signedBroadcast(ofA)).toBe(201);
  });
});

describe('an API key, revoked', () => {
  it('stops at once, revoked ten times at once it is revoked once, and the other keys keep working', async () => {
    const created = await world().admin('POST', '/v1/api-keys', { name: 'HR system', role: 'coach' });
    const key = String(created.json.key);
    expect((await world().call(key, 'GET', '/v1/workers')).status).toBe(200);
    const revokes = await Promise.all(Array.from({ length: 10 }, () => world().admin('DELETE', `/v1/api-keys/${String(created.json.id)}`)));
    expect(new Set(revokes.map((answer) => answer.status))).toEqual(new Set([204]));
    expect((await world().call(key, 'GET', '/v1/workers')).json.error).toMatchObject({ code: 'invalid_api_key' });
    const listed = (await world().admin('GET', '/v1/api-keys')).json.apiKeys as unknown as { id: string; revokedAt: string | null }[];
    expect(listed.find((k) => k.id === created.json.id)?.revokedAt).not.toBeNull();
    expect((await world().admin('GET', '/v1/workers')).status).toBe(200);
  });

  it.each([
    ['a name of 10,000 characters', { name: 'x'.repeat(10_000), role: 'coach' }, 'name'],
    ['a NUL byte in the name', { name: 'a\u0000b', role: 'coach' }, 'name'],
    ['an unknown role', { name: 'k', role: 'root' }, 'role'],
    ['a `__proto__` key', JSON.parse('{"name": "k", "role": "coach", "__proto__": {"role": "org_admin"}}'), '__proto__'],
  ])('refuses %s naming the field', async (_what, body, field) => {
    const answer = await world().admin('POST', '/v1/api-keys', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ field });
  });
});
