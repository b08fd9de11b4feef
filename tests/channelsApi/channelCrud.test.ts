import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { publishFlows } from '../support/publishFlows';
import { onboardingTemplates, registerTemplates } from '../support/registerTemplates';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;
const answers: string[] = [];
const secretValues = ['twilio-auth-token-SECRET-9f8e', 'EAAG-access-token-SECRET-77aa', 'meta-app-secret-SECRET-3c2b', 'rotated-token-SECRET-0042', 'key-secret-SECRET-5150'];

async function admin(method: string, path: string, body?: unknown) {
  const answer = await world.admin(method, path, body);
  answers.push(answer.text);
  return answer;
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
});
afterAll(async () => db.destroy());

describe('channels: create, read, change, delete', () => {
  let twilioId = '';
  let cloudId = '';

  it('creates a Twilio channel and answers the webhook URLs with connection overrides, and only secret hints', async () => {
    const created = await admin('POST', '/v1/channels', twilioInput);
    expect(created.status).toBe(201);
    twilioId = String(created.json.id);
    expect(created.json).toMatchObject({
      kind: 'twilio',
      address: '+15550001111',
      status: 'active',
      settings: { accountSid: twilioInput.settings.accountSid, from: '+15550001111' },
      secrets: { authToken: { lastFour: '9f8e' } },
      webhooks: {
        inboundUrl: `https://coach.example.test/webhooks/twilio/${twilioId}#rc=3&rp=ct,rt,5xx&tt=15000`,
        statusCallbackUrl: `https://coach.example.test/webhooks/twilio/${twilioId}/status`,
      },
    });
    const [row] = await world.sql<{ secrets_ciphertext: string }>(`select secrets_ciphertext from channels where organization_id = :organization_id and id = :id`, { id: twilioId });
    expect(row.secrets_ciphertext.startsWith('sb1.')).toBe(true);
    expect(world.secretBox.open(row.secrets_ciphertext, twilioId)).toEqual({ authToken: twilioInput.secrets.authToken });
  });

  it('creates a Cloud API channel with a generated verify token and the callback URL', async () => {
    const created = await admin('POST', '/v1/channels', cloudApiInput);
    expect(created.status).toBe(201);
    cloudId = String(created.json.id);
    const webhooks = created.json.webhooks as { callbackUrl: string; verifyToken: string };
    expect(webhooks.callbackUrl).toBe(`https://coach.example.test/webhooks/whatsapp/${cloudId}`);
    expect(webhooks.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.json.secrets).toMatchObject({ accessToken: { lastFour: '77aa' }, appSecret: { lastFour: '3c2b' } });
    const read = await admin('GET', `/v1/channels/${cloudId}`);
    expect((read.json.webhooks as { verifyToken: string }).verifyToken).toBe(webhooks.verifyToken);
  });

  it("sets the Cloud API pair rate (recipientSpacingMs, recipientBurst), shows it, and names a wrong value", async () => {
    const paced = await admin('PATCH', `/v1/channels/${cloudId}`, { settings: { recipientSpacingMs: 6000, recipientBurst: 10 } });
    expect(paced.status).toBe(200);
    expect((await admin('GET', `/v1/channels/${cloudId}`)).json.settings).toMatchObject({ recipientSpacingMs: 6000, recipientBurst: 10 });
    const tooBig = await admin('PATCH', `/v1/channels/${cloudId}`, { settings: { recipientBurst: 46 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error).toMatchObject({ field: 'settings.recipientBurst', message: "settings.recipientBurst: must be at most 45 messages (Meta's burst)" });
    const notMs = await admin('PATCH', `/v1/channels/${cloudId}`, { settings: { recipientSpacingMs: 1.5 } });
    expect(notMs.json.error).toMatchObject({ field: 'settings.recipientSpacingMs' });
  });

  it('creates a Baileys channel with no secrets', async () => {
    const created = await admin('POST', '/v1/channels', { kind: 'baileys', name: 'Phone', settings: { phoneNumber: '+15550002222' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'baileys', address: '+15550002222', settings: { dailyCap: 250 }, secrets: {} });
  });

  it('names the wrong or missing field', async () => {
    const badSid = await admin('POST', '/v1/channels', { ...twilioInput, settings: { accountSid: 'XX1', from: '+15550009999' } });
    expect(badSid.status).toBe(400);
    expect(badSid.json.error).toMatchObject({ field: 'settings.accountSid' });
    expect(String((badSid.json.error as { message: string }).message)).toContain("must be an Account SID");
    const noToken = await admin('POST', '/v1/channels', { ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '999' }, secrets: { appSecret: 'x' } });
    expect(noToken.json.error).toMatchObject({ field: 'secrets.accessToken', message: 'secrets.accessToken: is required' });
    const noWaba = await admin('POST', '/v1/channels', { ...cloudApiInput, settings: { phoneNumberId: '999', appId: '1' } });
    expect(noWaba.json.error).toMatchObject({ field: 'settings.wabaId' });
    const unknownSecret = await admin('POST', '/v1/channels', { ...twilioInput, secrets: { authToken: 'abcd', password: 'x' } });
    expect(unknownSecret.status).toBe(400);
    expect(unknownSecret.json.error).toMatchObject({ field: 'secrets.password', message: "secrets.password: is not one of this kind's secrets: authToken, apiKeySid, apiKeySecret" });
    const misspelt = await admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550009998', messagingServicesid: `MG${'1'.repeat(32)}` } });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.error).toMatchObject({ field: 'settings.messagingServicesid', message: expect.stringContaining("is not one of this kind's settings: accountSid, from, messagingServiceSid, contentSids, sendRatePerSecond") });
    const tooFast = await admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550009997', sendRatePerSecond: 0 } });
    expect(tooFast.json.error).toMatchObject({ field: 'settings.sendRatePerSecond', message: 'settings.sendRatePerSecond: must be a positive number of messages a second' });
    const setVerify = await admin('POST', '/v1/channels', { ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '998' }, secrets: { ...cloudApiInput.secrets, verifyToken: 'mine' } });
    expect(setVerify.status).toBe(201);
    expect((setVerify.json.webhooks as { verifyToken: string }).verifyToken).not.toBe('mine');
  });

  it('refuses a number that is already connected', async () => {
    const again = await admin('POST', '/v1/channels', twilioInput);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'channel_exists' });
  });

  it('lists and reads channels; another organization sees nothing', async () => {
    const list = await admin('GET', '/v1/channels');
    expect((list.json.channels as { id: string }[]).map((c) => c.id)).toEqual(expect.arrayContaining([twilioId, cloudId]));
    const other = await world.call(world.b.keys.org_admin, 'GET', `/v1/channels/${twilioId}`);
    expect(other.status).toBe(404);
    expect((await world.call(world.b.keys.org_admin, 'GET', '/v1/channels')).json.channels).toEqual([]);
    const coach = await world.call(world.a.keys.coach, 'GET', '/v1/channels');
    expect(coach.status).toBe(403);
    const manager = await world.call(world.a.keys.program_manager, 'POST', '/v1/channels', twilioInput);
    expect(manager.status).toBe(403);
  });

  it('rotates a secret: a new hint and time, the new value sealed, the others kept', async () => {
    const before = await admin('GET', `/v1/channels/${twilioId}`);
    world.clock.advance(60_000);
    const rotated = await admin('PATCH', `/v1/channels/${twilioId}`, { secrets: { authToken: 'rotated-token-SECRET-0042', apiKeySid: `SK${'2'.repeat(32)}`, apiKeySecret: 'key-secret-SECRET-5150' } });
    expect(rotated.status).toBe(200);
    const hints = rotated.json.secrets as Record<string, { lastFour: string; setAt: string }>;
    expect(hints.authToken.lastFour).toBe('0042');
    expect(hints.authToken.setAt).not.toBe((before.json.secrets as Record<string, { setAt: string }>).authToken.setAt);
    expect(hints.apiKeySecret.lastFour).toBe('5150');
    const [row] = await world.sql<{ secrets_ciphertext: string }>(`select secrets_ciphertext from channels where organization_id = :organization_id and id = :id`, { id: twilioId });
    expect(world.secretBox.open(row.secrets_ciphertext, twilioId)).toMatchObject({ authToken: 'rotated-token-SECRET-0042', apiKeySecret: 'key-secret-SECRET-5150' });

    const renamed = await admin('PATCH', `/v1/channels/${twilioId}`, { name: 'Renamed', secrets: { apiKeySid: null, apiKeySecret: null } });
    expect(renamed.json).toMatchObject({ name: 'Renamed' });
    expect(Object.keys(renamed.json.secrets as object)).toEqual(['authToken']);
    const limited = await admin('PATCH', `/v1/channels/${twilioId}`, { settings: { sendRatePerSecond: 10 } });
    expect(limited.json.settings).toMatchObject({ sendRatePerSecond: 10 });
    expect((await admin('GET', `/v1/channels/${twilioId}/health`)).json.sendRate).toMatchObject({ limitPerSecond: 10 });
    const bad = await admin('PATCH', `/v1/channels/${twilioId}`, { settings: { from: 'not a number' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ field: 'settings.from' });
  });

  it('refuses to delete a channel a scheduled broadcast uses, unless forced; the history stays', async () => {
    await world.sql(
      `insert into broadcasts (organization_id, target, content, channel_id, send_at, status) values (:organization_id, '{}', '{}', :id, now() + interval '1 day', 'scheduled')`,
      { id: cloudId },
    );
    const refused = await admin('DELETE', `/v1/channels/${cloudId}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'channel_in_use' });
    expect(String((refused.json.error as { message: string }).message)).toContain('1 scheduled broadcast');
    const forced = await admin('DELETE', `/v1/channels/${cloudId}?force=true`);
    expect(forced.status).toBe(204);
    expect((await admin('GET', `/v1/channels/${cloudId}`)).status).toBe(404);
    const [row] = await world.sql<{ status: string; secrets_ciphertext: string | null }>(`select status, secrets_ciphertext from channels where organization_id = :organization_id and id = :id`, { id: cloudId });
    expect(row).toEqual({ status: 'deleted', secrets_ciphertext: null });
    const recreated = await admin('POST', '/v1/channels', cloudApiInput);
    expect(recreated.status).toBe(201);
  });

  it('deletes an unused channel at once', async () => {
    expect((await admin('DELETE', `/v1/channels/${twilioId}`)).status).toBe(204);
  });

  it('never shows a secret in any answer or log line', () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(world.logLines.length).toBeGreaterThan(0);
    for (const secret of secretValues) {
      expect(answers.filter((text) => text.includes(secret))).toEqual([]);
      expect(world.logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

describe("deleting a channel a running program's conversations use", () => {
  it('is refused naming the program, then allowed with force', async () => {
    await publishFlows(forOrganization(db.orm.em, world.a.id), ['onboarding']);
    const created = await world.admin('POST', '/v1/channels', { ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '300000000000001' } });
    const channelId = String(created.json.id);
    await registerTemplates(forOrganization(db.orm.em, world.a.id), channelId, onboardingTemplates);
    await world.sql(`update organizations set settings = jsonb_build_object('defaultChannelId', cast(:channel as text)) where id = :organization_id`, { channel: channelId });
    const worker = await world.admin('POST', '/v1/workers', { fullName: 'Amina', phoneNumber: '+15553000009' });
    const program = await world.admin('POST', '/v1/programs', { name: 'Onboarding', blueprints: ['onboarding'] });
    const programId = String(program.json.id);
    expect((await world.admin('POST', `/v1/programs/${programId}/activate`)).status).toBe(200);
    const enrolled = await world.admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [worker.json.id] });
    expect(enrolled.json).toMatchObject({ started: 1 });
    const onChannel = await world.sql<{ n: string }>(`select count(*) as n from messages where organization_id = :organization_id and channel_id = :channel`, { channel: channelId });
    expect(Number(onChannel[0].n)).toBeGreaterThan(0);

    const refused = await world.admin('DELETE', `/v1/channels/${channelId}`);
    expect(refused.status).toBe(409);
    expect(String((refused.json.error as { message: string }).message)).toContain("program 'Onboarding'");
    expect((await world.admin('POST', `/v1/programs/${programId}/pause`)).status).toBe(200);
    expect((await world.admin('DELETE', `/v1/channels/${channelId}`)).status).toBe(409);
    expect((await world.admin('DELETE', `/v1/channels/${channelId}?force=true`)).status).toBe(204);
    const queued = await world.sql<{ n: string }>(`select count(*) as n from messages where organization_id = :organization_id and channel_id = :channel and status = 'queued'`, { channel: channelId });
    expect(Number(queued[0].n)).toBe(0);
  });

  it("counts a program on the organization's default channel as using it before any message, and clears the default when forced", async () => {
    const created = await world.admin('POST', '/v1/channels', { ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '300000000000002' } });
    const channelId = String(created.json.id);
    await registerTemplates(forOrganization(db.orm.em, world.a.id), channelId, onboardingTemplates);
    expect((await world.admin('PATCH', '/v1/organization/settings', { defaultChannelId: channelId })).status).toBe(200);
    const program = await world.admin('POST', '/v1/programs', { name: 'Waiting on the default', blueprints: ['onboarding'] });
    expect((await world.admin('POST', `/v1/programs/${String(program.json.id)}/activate`)).status).toBe(200);

    const refused = await world.admin('DELETE', `/v1/channels/${channelId}`);
    expect(refused.status).toBe(409);
    expect(String((refused.json.error as { message: string }).message)).toContain("'Waiting on the default': move them to another channel");
    expect((await world.admin('DELETE', `/v1/channels/${channelId}?force=true`)).status).toBe(204);
    expect((await world.admin('GET', '/v1/organization')).json.settings).not.toHaveProperty('defaultChannelId');
  });
});
