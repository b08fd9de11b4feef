import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from '../channelsApi/channelsWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ChannelsWorld;
let twilioChannelId: string;
let consoleChannelId: string;
let workerId: string;

const sid = (digit: string) => `HX${digit.repeat(32)}`;
const errorOf = (answer: { json: Record<string, unknown> }) => answer.json.error as { code: string; message: string; field?: string };

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
  twilioChannelId = String((await world.admin('POST', '/v1/channels', twilioInput)).json.id);
  const added = await world.admin('POST', `/v1/channels/${twilioChannelId}/templates`, { name: 'shift_reminder', language: 'en', contentSid: sid('1'), body: 'Hi {{1}}, your shift starts at {{2}}.' });
  expect(added.status, added.text).toBe(201);
  consoleChannelId = randomUUID();
  await world.sql(`insert into channels (id, organization_id, kind, name, address, settings) values (:id::uuid, :organization_id, 'console', 'Console', :address, '{}')`, { id: consoleChannelId, address: `console:${consoleChannelId}` });
  workerId = String((await world.admin('POST', '/v1/workers', { fullName: 'Ann Otieno', phoneNumber: '+15553000001' })).json.id);
  await publishFlows(forOrganization(db.orm.em, world.a.id), ['onboarding']);
});
afterAll(async () => db.destroy());

const countRows = async () => (await world.sql<{ broadcasts: number; messages: number }>(
  `select (select count(*)::int from broadcasts where organization_id = :organization_id) as broadcasts,
          (select count(*)::int from messages where organization_id = :organization_id) as messages`,
))[0];

describe("a broadcast's template is checked against its channel when it is accepted", () => {
  const broadcast = (template: { name: string; language: string; variables: string[] }, channelId = twilioChannelId) =>
    world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerId] }, content: { text: 'Your shift changed', template }, channelId });

  it('refuses a template the channel does not have, naming content.template.name, and queues nothing', async () => {
    const answer = await broadcast({ name: 'no_such_template', language: 'en', variables: [] });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: 'invalid_template', field: 'content.template.name' });
    expect(errorOf(answer).message).toContain("no template 'no_such_template'");
    expect(await countRows()).toEqual({ broadcasts: 0, messages: 0 });
  });

  it('refuses a language the template does not exist in, saying which it exists in', async () => {
    const answer = await broadcast({ name: 'shift_reminder', language: 'fr', variables: ['{{first_name}}', '9:00'] });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ field: 'content.template.name' });
    expect(errorOf(answer).message).toContain('in en, not in fr');
  });

  it('refuses too few or too many variables, naming content.template.variables', async () => {
    for (const variables of [['{{first_name}}'], ['a', 'b', 'c']]) {
      const answer = await broadcast({ name: 'shift_reminder', language: 'en', variables });
      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: 'invalid_template', field: 'content.template.variables' });
      expect(errorOf(answer).message).toContain(`takes 2 variables ({{1}}, {{2}}); ${variables.length} given`);
    }
    expect(await countRows()).toEqual({ broadcasts: 0, messages: 0 });
  });

  it('accepts the right template and variables, and any template on a console channel (no 24-hour window)', async () => {
    const accepted = await broadcast({ name: 'shift_reminder', language: 'en', variables: ['{{first_name}}', '9:00'] });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.json).toMatchObject({ recipients: 1 });
    const onConsole = await broadcast({ name: 'anything', language: 'en', variables: [] }, consoleChannelId);
    expect(onConsole.status, onConsole.text).toBe(201);
    expect(await countRows()).toEqual({ broadcasts: 2, messages: 2 });
  });
});

describe("a broadcast without a channel is checked on every channel its copies go out on", () => {
  it("refuses a template missing on a channel a recipient last wrote on, naming it; accepts it on a named channel", async () => {
    const meta = await world.admin('POST', '/v1/channels', cloudApiInput);
    expect(meta.status, meta.text).toBe(201);
    const bea = String((await world.admin('POST', '/v1/workers', { fullName: 'Bea Wanjiru', phoneNumber: '+15553000002' })).json.id);
    await world.sql(
      `insert into messages (organization_id, channel_id, worker_id, direction, body, status, created_at) values (:organization_id, :channel::uuid, :worker::uuid, 'inbound', 'hi', 'received', now())`,
      { channel: String(meta.json.id), worker: bea },
    );
    expect((await world.admin('PATCH', '/v1/organization/settings', { defaultChannelId: twilioChannelId })).status).toBe(200);
    const template = { name: 'shift_reminder', language: 'en', variables: ['{{first_name}}', '9:00'] };
    const before = await countRows();

    const refused = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerId, bea] }, content: { text: 'Your shift changed', template } });
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toMatchObject({ code: 'invalid_template', field: 'content.template.name', message: expect.stringContaining("The channel 'Meta line' has no template 'shift_reminder'") });
    expect(await countRows()).toEqual(before);

    const named = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerId, bea] }, content: { text: 'Your shift changed', template }, channelId: twilioChannelId });
    expect(named.status, named.text).toBe(201);
    const onlyAnn = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerId] }, content: { text: 'Your shift changed', template } });
    expect(onlyAnn.status, onlyAnn.text).toBe(201);
  });
});

describe("a program's flows are checked against its channel's templates when it starts", () => {
  const createProgram = async (name: string) => String((await world.admin('POST', '/v1/programs', { name, blueprints: ['onboarding'] })).json.id);
  const addTemplate = (name: string, language: string, digit: string) =>
    world.admin('POST', `/v1/channels/${twilioChannelId}/templates`, { name, language, contentSid: sid(digit), body: `Hello {{1}} (${name})` });

  it('refuses to start while templates are missing, listing each, then starts once they exist in every language', async () => {
    const programId = await createProgram('Onboarding on Twilio');
    const refused = await world.admin('POST', `/v1/programs/${programId}/activate`);
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'missing_templates', field: 'templates' });
    for (const name of ['onboarding_welcome', 'onboarding_reflection', 'onboarding_reminder']) expect(errorOf(refused).message).toContain(`no template '${name}'`);
    expect(errorOf(refused).message).toContain("the channel 'Twilio line'");
    expect((await world.admin('GET', `/v1/programs/${programId}`)).json.status).toBe('draft');

    for (const [i, name] of ['onboarding_welcome', 'onboarding_reflection', 'onboarding_reminder'].entries()) expect((await addTemplate(name, 'en', String(i + 2))).status).toBe(201);
    const spanishMissing = await world.admin('POST', `/v1/programs/${programId}/activate`);
    expect(spanishMissing.status).toBe(409);
    expect(errorOf(spanishMissing).message).toContain("'onboarding_welcome' exists on the channel 'Twilio line' in en, not in es");

    for (const [i, name] of ['onboarding_welcome', 'onboarding_reflection', 'onboarding_reminder'].entries()) expect((await addTemplate(name, 'es', String(i + 5))).status).toBe(201);
    const started = await world.admin('POST', `/v1/programs/${programId}/activate`);
    expect(started.status, started.text).toBe(200);
    expect(started.json).toEqual({ status: 'active' });
  });

  it("checks the program's own channel before the organization's default, and skips console channels", async () => {
    await world.sql(`delete from channel_templates where organization_id = :organization_id`);
    expect((await world.admin('PATCH', '/v1/organization/settings', { defaultChannelId: consoleChannelId })).status).toBe(200);
    const onDefault = await createProgram('Onboarding on the console');
    expect((await world.admin('POST', `/v1/programs/${onDefault}/activate`)).status).toBe(200);

    const ownChannel = await world.admin('POST', '/v1/programs', { name: 'Onboarding on its own Twilio line', blueprints: ['onboarding'], channelId: twilioChannelId });
    expect(ownChannel.status, ownChannel.text).toBe(201);
    const refused = await world.admin('POST', `/v1/programs/${String(ownChannel.json.id)}/activate`);
    expect(refused.status).toBe(409);
    expect(errorOf(refused).message).toContain("the channel 'Twilio line'");
  });

  it('checks a running program moved to another channel, and one resumed after its templates went', async () => {
    await world.sql(`delete from channel_templates where organization_id = :organization_id`);
    const onConsole = await world.admin('POST', '/v1/programs', { name: 'Moving program', blueprints: ['onboarding'], channelId: consoleChannelId });
    const id = String(onConsole.json.id);
    expect((await world.admin('POST', `/v1/programs/${id}/activate`)).status).toBe(200);
    const moved = await world.admin('PATCH', `/v1/programs/${id}`, { channelId: twilioChannelId, name: 'Renamed meanwhile' });
    expect(moved.status).toBe(409);
    expect(errorOf(moved)).toMatchObject({ code: 'missing_templates', field: 'channelId', message: expect.stringContaining("no template 'onboarding_welcome'") });
    expect((await world.admin('GET', `/v1/programs/${id}`)).json).toMatchObject({ name: 'Moving program', channelId: consoleChannelId });

    for (const [i, name] of ['onboarding_welcome', 'onboarding_reflection', 'onboarding_reminder'].entries()) {
      for (const language of ['en', 'es']) expect((await world.admin('POST', `/v1/channels/${twilioChannelId}/templates`, { name, language, contentSid: sid(String(i + (language === 'en' ? 1 : 4))), body: 'Hello {{1}}' })).status).toBe(201);
    }
    expect((await world.admin('PATCH', `/v1/programs/${id}`, { channelId: twilioChannelId })).status).toBe(200);
    expect((await world.admin('POST', `/v1/programs/${id}/pause`)).status).toBe(200);
    await world.sql(`update channel_templates set removed_at = now() where organization_id = :organization_id and name = 'onboarding_reminder'`);
    const resumed = await world.admin('POST', `/v1/programs/${id}/resume`);
    expect(resumed.status).toBe(409);
    expect(errorOf(resumed)).toMatchObject({ code: 'missing_templates', message: expect.stringContaining("no template 'onboarding_reminder'") });
    expect((await world.admin('GET', `/v1/programs/${id}`)).json.status).toBe('paused');
    expect((await world.admin('PATCH', `/v1/programs/${id}`, { channelId: consoleChannelId })).status).toBe(200);
    expect((await world.admin('POST', `/v1/programs/${id}/resume`)).status).toBe(200);
  });
});
