import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger';
import { buildTwilioInboundForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { createHttpWorld, TEST_ADMIN_TOKEN, TEST_PUBLIC_URL, type HttpWorld } from '../support/httpWorld';
import { playOnboarding } from '../support/playOnboarding';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { twilioTestChannel } from '../support/testChannels';

let db: TestDatabase;
let world: HttpWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createHttpWorld(db, { flow: 'onboarding' });
});
afterAll(() => db.destroy());

const asAdmin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe('the console channel', () => {
  it('plays a full journey through the same pipeline', async () => {
    const worker = await world.addWorker();
    let n = 0;
    await playOnboarding(world, worker.id, async (text) => {
      const response = await world.request(`/console/${world.channel.id}/messages`, {
        method: 'POST',
        headers: asAdmin,
        body: JSON.stringify({ id: `console-${worker.id}-${n++}`, from: worker.phoneNumber, text }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { outcomes: { kind: string }[] }).outcomes[0].kind).toBe('advanced');
    });
  });

  it('requires the admin token and a well-formed body', async () => {
    const path = `/console/${world.channel.id}/messages`;
    expect((await world.request(path, { method: 'POST', body: '{}' })).status).toBe(401);
    const bad = await world.request(path, { method: 'POST', headers: asAdmin, body: JSON.stringify({ from: 'nobody', text: 'hi' }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
    expect((await world.request(path, { method: 'POST', headers: asAdmin, body: '{not json' })).status).toBe(400);
  });

  it('refuses a body over MAX_BODY_BYTES with 413, as the providers\' webhooks do', async () => {
    const path = `/console/${world.channel.id}/messages`;
    const tooLarge = await world.request(path, { method: 'POST', headers: asAdmin, body: JSON.stringify({ from: '+15550000001', text: 'x'.repeat(128 * 1024) }) });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });
});

describe('channel secrets', () => {
  it('never appear in a log line, an API answer or an error', async () => {
    const authToken = 'super-secret-twilio-token-77';
    const lines: string[] = [];
    const capture = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const secretDb = await createTestDatabase();
    try {
      const twilioWorld = await createHttpWorld(secretDb, { flow: 'onboarding', ...twilioTestChannel('+15550008888', authToken).world });
      twilioWorld.deps.logger = createLogger('trace', capture);
      const worker = await twilioWorld.addWorker();
      await twilioWorld.enroll(worker.id);
      const route = `/webhooks/twilio/${twilioWorld.channel.id}`;
      const answers: string[] = [];
      for (const token of [authToken, 'wrong-token']) {
        const signed = signTwilioRequest(token, `${TEST_PUBLIC_URL}${route}`, buildTwilioInboundForm({ from: worker.phoneNumber!, to: '+15550008888', body: 'hi' }));
        const response = await twilioWorld.request(route, { method: 'POST', headers: signed.headers, body: signed.body });
        answers.push(await response.text());
      }
      const log = await twilioWorld.request(`/v1/workers/${worker.id}/messages`, { headers: { authorization: `Bearer ${twilioWorld.apiKey}` } });
      answers.push(await log.text());
      const [row] = await twilioWorld.sql<{ secrets_ciphertext: string }>('select secrets_ciphertext from channels where organization_id = :organization_id');
      expect(lines.length).toBeGreaterThan(0);
      for (const text of [...lines, ...answers, row.secrets_ciphertext]) expect(text).not.toContain(authToken);
    } finally {
      await secretDb.destroy();
    }
  });
});
