import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { findTemplateProblem } from '../../src/templates/findTemplateProblem';
import { matchTemplateLanguage } from '../../src/channels/matchTemplateLanguage';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from '../channelsApi/channelsWorld';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { startTwilioApiFake, type TwilioApiFake } from '../fakes/startTwilioApiFake';
import { publishFlows } from '../support/publishFlows';
import { onboardingTemplates, registerTemplates } from '../support/registerTemplates';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

describe('which language of a template a use gets', () => {
  const of = (...languages: string[]) => languages.map((language) => ({ language }));
  const pick = (wanted: string, ...languages: string[]) => matchTemplateLanguage(of(...languages), wanted)?.language;

  it('takes the same code first, ignoring case and - for _', () => {
    expect(pick('en', 'en', 'en_US')).toBe('en');
    expect(pick('en_US', 'en', 'en_US')).toBe('en_US');
    expect(pick('en-us', 'en_GB', 'en_US')).toBe('en_US');
    expect(pick('PT_br', 'pt_BR', 'pt_PT')).toBe('pt_BR');
  });

  it('falls back to the bare language for a regional code, else to the only one of the same language', () => {
    expect(pick('en_US', 'en', 'en_GB')).toBe('en');
    expect(pick('en', 'en_US', 'es')).toBe('en_US');
    expect(pick('en_GB', 'en_US', 'es')).toBe('en_US');
    expect(pick('es', 'es_MX')).toBe('es_MX');
  });

  it('finds none when the language is absent, or several regions leave the choice open', () => {
    expect(pick('fr', 'en_US', 'es')).toBeUndefined();
    expect(pick('en', 'en_GB', 'en_US')).toBeUndefined();
    expect(pick('e', 'en')).toBeUndefined();
  });

  it('refuses an open choice listing the languages to name', () => {
    const templates = [
      { name: 'pay_day', language: 'en_GB', status: 'approved', variables: ['1'] },
      { name: 'pay_day', language: 'en_US', status: 'approved', variables: ['1'] },
    ];
    expect(findTemplateProblem(templates, { name: 'pay_day', language: 'en', variableCount: 1 }, 'Line')).toEqual({
      part: 'name',
      message: "The template 'pay_day' exists on the channel 'Line' in en_GB, en_US, not in en: name one of these languages",
    });
    expect(findTemplateProblem(templates, { name: 'pay_day', language: 'en_gb', variableCount: 2 }, 'Line')).toMatchObject({
      part: 'variables',
      message: expect.stringContaining("'pay_day' (en_GB) takes 1 variable"),
    });
  });
});

describe('broadcasts, program start and the sends agree on en ↔ en_US', () => {
  let db: TestDatabase;
  let world: ChannelsWorld;
  let twilio: TwilioApiFake;
  let graph: GraphApiFake;
  let twilioId: string;
  let metaId: string;
  let workerId: string;
  const sid = (digit: string) => `HX${digit.repeat(32)}`;
  const system = () => asSystem(db.orm.em, 'test: channel registry');

  beforeAll(async () => {
    db = await createTestDatabase();
    twilio = await startTwilioApiFake();
    graph = await startGraphApiFake();
    world = await createChannelsWorld(db);
    twilioId = String((await world.admin('POST', '/v1/channels', twilioInput)).json.id);
    metaId = String((await world.admin('POST', '/v1/channels', cloudApiInput)).json.id);
    workerId = String((await world.admin('POST', '/v1/workers', { fullName: 'Ann Otieno', phoneNumber: '+15553000001' })).json.id);
    const added = await world.admin('POST', `/v1/channels/${twilioId}/templates`, { name: 'pay_day', language: 'en_US', contentSid: sid('1'), body: 'Hi {{1}}, pay day is {{2}}.' });
    expect(added.status, added.text).toBe(201);
  });
  afterAll(async () => {
    await twilio.close();
    await graph.close();
    await db.destroy();
  });

  /** A dry run (answered 200): checked as a real broadcast is, nothing stored. */
  const broadcast = (language: string) =>
    world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerId] }, content: { text: 'Pay day', template: { name: 'pay_day', language, variables: ['{{first_name}}', 'Friday'] } }, channelId: twilioId, dryRun: true });

  it('a broadcast in en or en-US uses the en_US template, and its Twilio send finds the Content SID', async () => {
    expect((await broadcast('en')).status).toBe(200);
    expect((await broadcast('en-US')).status).toBe(200);
    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox: world.secretBox, twilioBaseUrl: twilio.baseUrl, consoleSink: () => undefined });
    const channel = await registry.byId(system(), twilioId);
    expect(await channel?.adapter.send({ to: '+15553000001', template: { name: 'pay_day', language: 'en', variables: ['Ann', 'Friday'] } })).toMatchObject({ ok: true });
    expect(twilio.createdMessages().at(-1)).toMatchObject({ ContentSid: sid('1') });
  });

  it('with en_GB and en_US both there, en is refused naming them, and a send in en finds no Content SID', async () => {
    expect((await world.admin('POST', `/v1/channels/${twilioId}/templates`, { name: 'pay_day', language: 'en_GB', contentSid: sid('2'), body: 'Hi {{1}}, pay day is {{2}}.' })).status).toBe(201);
    const refused = await broadcast('en');
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'invalid_template', field: 'content.template.name', message: expect.stringContaining('in en_GB, en_US, not in en: name one of these languages') });
    expect((await broadcast('en_GB')).status).toBe(200);

    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox: world.secretBox, twilioBaseUrl: twilio.baseUrl, consoleSink: () => undefined });
    const channel = await registry.byId(system(), twilioId);
    expect(await channel?.adapter.send({ to: '+15553000001', template: { name: 'pay_day', language: 'en-gb', variables: ['Ann', 'Friday'] } })).toMatchObject({ ok: true });
    expect(twilio.createdMessages().at(-1)).toMatchObject({ ContentSid: sid('2') });
    expect(await channel?.adapter.send({ to: '+15553000001', template: { name: 'pay_day', language: 'en', variables: ['Ann', 'Friday'] } })).toMatchObject({ ok: false, code: 'template_not_registered' });
  });

  it("a program whose flows say en and es starts on Meta's en_US and es_MX templates, and its sends carry Meta's codes", async () => {
    await publishFlows(forOrganization(db.orm.em, world.a.id), ['onboarding']);
    const regional = onboardingTemplates.map((t) => ({ ...t, language: t.language === 'en' ? 'en_US' : 'es_MX' }));
    await registerTemplates(forOrganization(db.orm.em, world.a.id), metaId, regional);
    const program = await world.admin('POST', '/v1/programs', { name: 'Onboarding on Meta', blueprints: ['onboarding'], channelId: metaId });
    const started = await world.admin('POST', `/v1/programs/${String(program.json.id)}/activate`);
    expect(started.status, started.text).toBe(200);

    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox: world.secretBox, graphBaseUrl: graph.graphBaseUrl, consoleSink: () => undefined });
    const channel = await registry.byId(system(), metaId);
    for (const language of ['en', 'es']) {
      expect(await channel?.adapter.send({ to: '+15553000001', template: { name: 'onboarding_welcome', language, variables: ['Ann'] } })).toMatchObject({ ok: true });
    }
    await channel?.adapter.send({ to: '+15553000001', template: { name: 'not_synced', language: 'fr', variables: [] } });
    const codes = graph.sentBodies().map((body) => (body as { template: { name: string; language: { code: string } } }).template);
    expect(codes.map((t) => `${t.name}:${t.language.code}`)).toEqual(['onboarding_welcome:en_US', 'onboarding_welcome:es_MX', 'not_synced:fr']);
  });
});
