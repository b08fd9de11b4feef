import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { asSystem } from '../../src/db/tenancy/scopes';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from '../channelsApi/channelsWorld';
import { startTwilioApiFake, type TwilioApiFake } from '../fakes/startTwilioApiFake';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ChannelsWorld;
let twilio: TwilioApiFake;
let channelId: string;
const contentSid = `HX${'a'.repeat(32)}`;
const reminder = { name: 'shift_reminder', language: 'en', contentSid, body: 'Hi {{1}}, your shift starts at {{2}}.', category: 'UTILITY' };

beforeAll(async () => {
  db = await createTestDatabase();
  twilio = await startTwilioApiFake();
  world = await createChannelsWorld(db);
  const created = await world.admin('POST', '/v1/channels', twilioInput);
  expect(created.status, created.text).toBe(201);
  channelId = String(created.json.id);
});
afterAll(async () => {
  await twilio.close();
  await db.destroy();
});

const templatesPath = () => `/v1/channels/${channelId}/templates`;

describe('Twilio templates entered by hand', () => {
  it('registers a Content SID with its variables from the body, and refuses a second with the same name and language', async () => {
    const added = await world.admin('POST', templatesPath(), reminder);
    expect(added.status, added.text).toBe(201);
    expect(added.json).toMatchObject({ name: 'shift_reminder', language: 'en', contentSid, status: 'approved', source: 'manual', variables: ['1', '2'] });
    const again = await world.admin('POST', templatesPath(), reminder);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'template_exists', field: 'name' });
    const listed = await world.admin('GET', templatesPath());
    expect(listed.json).toMatchObject({ source: 'manual', templates: [{ name: 'shift_reminder', contentSid }] });
  });

  it('names a wrong Content SID or variables that disagree with the body', async () => {
    const badSid = await world.admin('POST', templatesPath(), { ...reminder, name: 'other', contentSid: 'HX123' });
    expect(badSid.status).toBe(400);
    expect(badSid.json.error).toMatchObject({ field: 'contentSid' });
    const mismatch = await world.admin('POST', templatesPath(), { ...reminder, name: 'other', variables: ['1'] });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error).toMatchObject({ code: 'variables_mismatch', field: 'variables' });
  });

  it('previews a template with sample variables, and names the one missing', async () => {
    const [template] = (await world.admin('GET', templatesPath())).json.templates as unknown as { id: string }[];
    const preview = await world.admin('POST', `${templatesPath()}/${template.id}/preview`, { variables: ['Ann', '9:00'] });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toEqual({ text: 'Hi Ann, your shift starts at 9:00.' });
    const byName = await world.admin('POST', `${templatesPath()}/${template.id}/preview`, { variables: { 1: 'Ann', 2: 'noon' } });
    expect(byName.json).toEqual({ text: 'Hi Ann, your shift starts at noon.' });
    const missing = await world.admin('POST', `${templatesPath()}/${template.id}/preview`, { variables: ['Ann'] });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 'missing_variable', field: 'variables.2' });
    expect(String((missing.json.error as { message: string }).message)).toContain('{{2}}');
    expect((await world.call(world.a.keys.program_manager, 'POST', `${templatesPath()}/${template.id}/preview`, { variables: ['A', 'B'] })).status).toBe(200);
  });

  it('sends a template through the Twilio adapter by its registered Content SID, and follows changes without a restart', async () => {
    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox: world.secretBox, twilioBaseUrl: twilio.baseUrl, consoleSink: () => undefined });
    const system = () => asSystem(db.orm.em, 'test: channel registry');
    const template = { name: 'shift_reminder', language: 'en', variables: ['Ann', '9:00'] };
    const channel = await registry.byId(system(), channelId);
    expect(await channel?.adapter.send({ to: '+15550002222', template })).toMatchObject({ ok: true });
    expect(twilio.createdMessages().at(-1)).toMatchObject({ ContentSid: contentSid, ContentVariables: JSON.stringify({ 1: 'Ann', 2: '9:00' }), To: 'whatsapp:+15550002222' });

    const spanishSid = `HX${'b'.repeat(32)}`;
    expect((await world.admin('POST', templatesPath(), { ...reminder, language: 'es', contentSid: spanishSid, body: 'Hola {{1}}, tu turno empieza a las {{2}}.' })).status).toBe(201);
    const reloaded = await registry.byId(system(), channelId);
    await reloaded?.adapter.send({ to: '+15550002222', template: { ...template, language: 'es' } });
    expect(twilio.createdMessages().at(-1)).toMatchObject({ ContentSid: spanishSid });

    const [english] = ((await world.admin('GET', templatesPath())).json.templates as unknown as { id: string; language: string }[]).filter((t) => t.language === 'en');
    expect((await world.admin('DELETE', `${templatesPath()}/${english.id}`)).status).toBe(204);
    const afterDelete = await registry.byId(system(), channelId);
    expect(await afterDelete?.adapter.send({ to: '+15550002222', template })).toMatchObject({ ok: false, kind: 'permanent', code: 'template_not_registered' });
  });

  it('refuses hand entry on a Cloud API channel; a coach may not write, another organization sees nothing', async () => {
    const cloud = await world.admin('POST', '/v1/channels', cloudApiInput);
    const refused = await world.admin('POST', `/v1/channels/${String(cloud.json.id)}/templates`, reminder);
    expect(refused.status).toBe(409);
    expect(String((refused.json.error as { message: string }).message)).toContain('sync them');
    expect((await world.call(world.a.keys.coach, 'POST', templatesPath(), { ...reminder, name: 'x' })).status).toBe(403);
    expect((await world.call(world.a.keys.coach, 'GET', templatesPath())).status).toBe(403);
    expect((await world.call(world.b.keys.org_admin, 'GET', templatesPath())).status).toBe(404);
    const [template] = (await world.admin('GET', templatesPath())).json.templates as unknown as { id: string }[];
    expect((await world.call(world.b.keys.org_admin, 'DELETE', `${templatesPath()}/${template.id}`)).status).toBe(404);
    expect((await world.call(world.a.keys.coach, 'DELETE', `${templatesPath()}/${template.id}`)).status).toBe(403);
  });
});
