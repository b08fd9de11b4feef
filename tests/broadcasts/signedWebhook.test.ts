import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/broadcasts/verifyStandardWebhook';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { minutes } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let secret: string;
let workerId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  workerId = String((await world.admin('POST', '/v1/workers', { fullName: 'Amina', phoneNumber: '+15554000001' })).json.id);
  const rotated = await world.admin('POST', '/v1/webhook-secret');
  secret = String(rotated.json.secret);
});
afterAll(async () => db.destroy());

function signed(body: string, id: string, options: { at?: number; secret?: string; contentType?: string | null } = {}) {
  const timestamp = String(Math.floor((options.at ?? world.clock.now()) / 1000));
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  return world.app.request(`http://localhost/webhooks/broadcasts/${world.a.id}`, {
    method: 'POST',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signStandardWebhook(options.secret ?? secret, id, timestamp, body) },
    body,
  });
}

describe('the signed broadcast webhook (Standard Webhooks)', () => {
  const body = () => JSON.stringify({ target: { workerIds: [workerId] }, content: { text: 'Shift moved to 9' } });

  it('accepts a signed request once per webhook-id', async () => {
    const first = await signed(body(), 'msg_1');
    expect(first.status).toBe(201);
    const again = await signed(body(), 'msg_1');
    expect(await again.json()).toEqual(await first.clone().json());
    const [{ n }] = await world.sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id and broadcast_id is not null`);
    expect(n).toBe(1);
  });

  it('refuses a wrong signature, an old timestamp, and another organization', async () => {
    expect((await signed(body(), 'msg_2', { secret: 'whsec_' + Buffer.from('not the secret').toString('base64') })).status).toBe(401);
    const stale = await signed(body(), 'msg_3', { at: world.clock.now() - minutes(6) });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toContain('300 seconds');
    const other = await world.app.request(`http://localhost/webhooks/broadcasts/${world.b.id}`, { method: 'POST', body: body() });
    expect(other.status).toBe(404);
  });

  it('validates the body like the API route', async () => {
    const answer = await signed(JSON.stringify({ target: {}, content: { text: 'x' } }), 'msg_4');
    expect(answer.status).toBe(400);
  });

  it('names an unknown key as the field, like the API route', async () => {
    const answer = await signed(JSON.stringify({ target: { workerIds: [workerId] }, content: { text: 'x' }, nmae: 1 }), 'msg_5');
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { field: string; message: string } };
    expect(error.field).toBe('nmae');
    expect(error.message).toMatch(/^nmae: /);
  });

  it('refuses an unsigned request with 401 before validating its body or its webhook-id', async () => {
    const unsigned = (headers: Record<string, string>, text: string) =>
      world.app.request(`http://localhost/webhooks/broadcasts/${world.a.id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ target: { workerIds: [workerId] }, content: { text } }) });
    const nul = await unsigned({}, 'a\u0000');
    expect(nul.status).toBe(401);
    expect(((await nul.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    const timestamp = String(Math.floor(world.clock.now() / 1000));
    expect((await unsigned({ 'webhook-id': 'w'.repeat(400), 'webhook-timestamp': timestamp, 'webhook-signature': 'v1,bm90IGEgc2lnbmF0dXJl' }, 'x')).status).toBe(401);
    const signedNul = await signed(JSON.stringify({ target: { workerIds: [workerId] }, content: { text: 'a\u0000' } }), 'msg_6');
    expect(signedNul.status).toBe(400);
    expect(((await signedNul.json()) as { error: { field: string } }).error.field).toBe('content.text');
  });

  it('refuses a webhook-id too long to be its idempotency key with a 400 naming the header', async () => {
    expect((await signed(body(), 'w'.repeat(247))).status).toBe(201);
    const long = await signed(body(), 'w'.repeat(248));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { field: string } }).error.field).toBe('webhook-id');
  });

  it('refuses unstorable text in a JSON body sent under another content-type, naming the field (it was a 500)', async () => {
    for (const [contentType, text] of [['text/plain', 'a\\u0000b'], [null, 'a\\ud800b']] as const) {
      const body = `{"target": {"workerIds": ["${workerId}"]}, "content": {"text": "${text}"}}`;
      const answer = await signed(body, `msg_unstorable_${text}`, { contentType });
      expect(answer.status, String(contentType)).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: 'invalid_json', field: 'content.text' } });
    }
  });

  it("refuses a suspended organization's signed request with 403 and stores nothing, as its API keys are refused", async () => {
    const broadcasts = async () => (await world.sql<{ n: number }>(`select count(*)::int as n from broadcasts where organization_id = :organization_id`))[0].n;
    const before = await broadcasts();
    await world.sql(`update organizations set suspended_at = now() where id = :organization_id`);
    try {
      const answer = await signed(body(), 'msg_suspended');
      expect(answer.status).toBe(403);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('organization_suspended');
      // An unsigned request learns nothing of the suspension.
      expect((await signed(body(), 'msg_suspended', { secret: 'whsec_' + Buffer.from('not the secret').toString('base64') })).status).toBe(401);
      expect(await broadcasts()).toBe(before);
    } finally {
      await world.sql(`update organizations set suspended_at = null where id = :organization_id`);
    }
    expect((await signed(body(), 'msg_suspended')).status).toBe(201);
  });

  it('only org admins rotate the secret', async () => {
    expect((await world.call(world.a.keys.program_manager, 'POST', '/v1/webhook-secret')).status).toBe(403);
  });
});
