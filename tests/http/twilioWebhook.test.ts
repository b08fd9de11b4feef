import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTwilioInboundForm, buildTwilioStatusForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { createHttpWorld, TEST_PUBLIC_URL, type HttpWorld } from '../support/httpWorld';
import { playOnboarding } from '../support/playOnboarding';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { twilioTestChannel } from '../support/testChannels';

const { authToken, businessNumber, world: channelOptions } = twilioTestChannel();
let db: TestDatabase;
let world: HttpWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createHttpWorld(db, { flow: 'onboarding', ...channelOptions });
});
afterAll(() => db.destroy());

const path = () => `/webhooks/twilio/${world.channel.id}`;

async function postSigned(params: Record<string, string>, token = authToken, route = path()) {
  const signed = signTwilioRequest(token, `${TEST_PUBLIC_URL}${route}`, params);
  const response = await world.request(route, { method: 'POST', headers: signed.headers, body: signed.body });
  await world.processed();
  return response;
}

const inboundCount = async () => (await world.sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id and direction = 'inbound'`))[0].n;

describe('the Twilio webhook', () => {
  it('plays a full journey from signed webhooks, answering each with empty TwiML', async () => {
    const worker = await world.addWorker({ fullName: 'Carlos Ruiz' });
    await playOnboarding(world, worker.id, async (text) => {
      const response = await postSigned(buildTwilioInboundForm({ from: worker.phoneNumber!, to: businessNumber, body: text }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/xml');
      expect(await response.text()).toContain('<Response');
    });

    const page = await world.request(`/v1/workers/${worker.id}/messages?limit=3`, { headers: { authorization: `Bearer ${world.apiKey}` } });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { messages: { direction: string; body: string }[]; nextCursor: string };
    expect(body.messages).toHaveLength(3);
    expect(body.messages.slice(0, 2).map((m) => m.body)).toEqual([expect.stringMatching(/^You earned a badge: First steps/), expect.stringMatching(/^Thank you/)]);
    const older = await world.request(`/v1/workers/${worker.id}/messages?limit=200&before=${body.nextCursor}`, { headers: { authorization: `Bearer ${world.apiKey}` } });
    const rest = (await older.json()) as { messages: unknown[]; nextCursor: string | null };
    expect(rest.nextCursor).toBeNull();
    expect(body.messages.length + rest.messages.length).toBe((await world.log(worker.id)).length);
  });

  it('answers 403 and stores nothing for a bad or missing signature', async () => {
    const worker = await world.addWorker();
    const before = await inboundCount();
    const form = buildTwilioInboundForm({ from: worker.phoneNumber!, to: businessNumber, body: 'hi' });
    expect((await postSigned(form, 'not-the-auth-token')).status).toBe(403);
    const unsigned = await world.request(path(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    expect(unsigned.status).toBe(403);
    const tampered = signTwilioRequest(authToken, `${TEST_PUBLIC_URL}${path()}`, form);
    const edited = await world.request(path(), { method: 'POST', headers: tampered.headers, body: tampered.body.replace('Body=hi', 'Body=STOP') });
    expect(edited.status).toBe(403);
    expect(await inboundCount()).toBe(before);
  });

  it('answers malformed bodies with a 4xx naming the problem, never a 5xx', async () => {
    const before = await inboundCount();
    const form = buildTwilioInboundForm({ from: '+15550000042', to: businessNumber, body: 'hi' });
    delete form.MessageSid;
    const missing = await postSigned(form);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('MessageSid');

    const badPhone = await postSigned({ ...buildTwilioInboundForm({ from: '+15550000042', to: businessNumber }), From: 'whatsapp:not-a-number' });
    expect(badPhone.status).toBe(400);

    const huge = await postSigned(buildTwilioInboundForm({ from: '+15550000042', to: businessNumber, body: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);

    expect((await world.request(`/webhooks/twilio/00000000-0000-4000-8000-00000000dead`, { method: 'POST', body: 'a=b' })).status).toBe(404);
    expect((await world.request(`/webhooks/twilio/not-a-uuid`, { method: 'POST', body: 'a=b' })).status).toBe(404);
    expect(await inboundCount()).toBe(before);
  });

  it('answers 400 naming the field for a value longer than the database holds, instead of accepting a message it would lose', async () => {
    const worker = await world.addWorker();
    const before = await inboundCount();
    const longSid = await postSigned({ ...buildTwilioInboundForm({ from: worker.phoneNumber!, to: businessNumber, body: 'hi' }), MessageSid: `SM${'a'.repeat(127)}` });
    expect(longSid.status).toBe(400);
    expect(await longSid.json()).toMatchObject({ error: { field: 'MessageSid', message: expect.stringContaining('at most 128 characters') } });
    const status = (over: Record<string, string>) =>
      postSigned({ ...buildTwilioStatusForm({ messageSid: 'SM-status', status: 'failed', from: businessNumber, to: worker.phoneNumber! }), ...over }, authToken, `${path()}/status`);
    expect(await (await status({ ErrorCode: '6'.repeat(33) })).json()).toMatchObject({ error: { field: 'ErrorCode' } });
    expect((await status({ MessageSid: 'S'.repeat(129) })).status).toBe(400);
    expect((await status({ ErrorCode: '6'.repeat(32) })).status).toBe(200);
    expect(await inboundCount()).toBe(before);
  });

  it('stores a text and profile name holding U+0000 without it, and answers 200 (the message is never poisoned)', async () => {
    const worker = await world.addWorker();
    const response = await postSigned(buildTwilioInboundForm({ from: worker.phoneNumber!, to: businessNumber, body: 'Hel\u0000lo', profileName: 'Ann\u0000' }));
    expect(response.status).toBe(200);
    const [row] = await world.sql<{ body: string }>(
      `select body from messages where organization_id = :organization_id and worker_id = :worker and direction = 'inbound' order by seq desc limit 1`,
      { worker: worker.id },
    );
    expect(row.body).toBe('Hello');
  });

  it('applies status callbacks forward only', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const [queued] = await world.sql<{ id: string }>(
      `select id from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq limit 1`,
      { worker: worker.id },
    );
    await world.sql(`update messages set status = 'sent', provider_message_id = 'SM-status-1' where organization_id = :organization_id and id = :id`, { id: queued.id });
    const statusRoute = `${path()}/status`;
    for (const status of ['read', 'delivered'] as const) {
      const response = await postSigned(buildTwilioStatusForm({ messageSid: 'SM-status-1', status, from: businessNumber, to: worker.phoneNumber! }), authToken, statusRoute);
      expect(response.status).toBe(200);
    }
    const [row] = await world.sql<{ status: string; read_at: Date | null }>('select status, read_at from messages where organization_id = :organization_id and id = :id', { id: queued.id });
    expect(row.status).toBe('read');
    expect(row.read_at).not.toBeNull();
  });

  it('keeps a status callback replayed before its send is recorded once', async () => {
    const worker = await world.addWorker();
    const form = buildTwilioStatusForm({ messageSid: 'SMdupst1', status: 'delivered', from: businessNumber, to: worker.phoneNumber! });
    for (let delivery = 0; delivery < 2; delivery++) expect((await postSigned(form, authToken, `${path()}/status`)).status).toBe(200);
    expect(await world.sql(`select status from pending_statuses where organization_id = :organization_id and provider_message_id = 'SMdupst1'`)).toEqual([{ status: 'delivered' }]);
  });
});
