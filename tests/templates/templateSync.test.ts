import { describe, expect, it } from 'vitest';
import { cloudApiInput, twilioInput } from '../channelsApi/channelsWorld';
import { graphTemplate } from '../fakes/graphTemplate';
import { useCloudApiTemplateChannel } from './useCloudApiTemplateChannel';

const wabaId = cloudApiInput.settings.wabaId;

const fiveTemplates = [
  graphTemplate('shift_reminder', 'en', 'Hi {{1}}, your shift starts at {{2}}.'),
  graphTemplate('shift_reminder', 'es', 'Hola {{1}}, tu turno empieza a las {{2}}.'),
  graphTemplate('daily_lesson', 'en', "Today's lesson, {{first_name}}: {{topic}}"),
  graphTemplate('welcome', 'en', 'Welcome to the team!'),
  graphTemplate('survey', 'en', 'How was your week, {{1}}?', 'PENDING'),
];

const channel = useCloudApiTemplateChannel();

type Listed = { source: string | null; templates: Array<{ name: string; language: string; status: string; category: string | null; variables: string[]; body: string | null; removedAt: string | null }> };
const listTemplates = async (query = '') => (await channel.world.admin('GET', `/v1/channels/${channel.channelId}/templates${query}`)).json as unknown as Listed;
const templateRequests = () => channel.graph.requests.filter((r) => r.method === 'GET' && r.path.includes('/message_templates'));

describe('POST /v1/channels/:id/templates/sync (Cloud API)', () => {
  it("pages through the WABA's templates and stores every page", async () => {
    channel.graph.setTemplates(wabaId, fiveTemplates);
    const answer = await channel.world.admin('POST', `/v1/channels/${channel.channelId}/templates/sync`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({ synced: 5, removed: 0, pages: 3 });

    const calls = templateRequests();
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.path.startsWith(`/v21.0/${wabaId}/message_templates?`))).toBe(true);
    expect(calls.every((call) => call.headers.authorization === `Bearer ${cloudApiInput.secrets.accessToken}`)).toBe(true);
    const cursors = calls.map((call) => new URL(call.path, 'http://fake').searchParams.get('after'));
    expect(cursors[0]).toBeNull();
    expect(cursors.slice(1)).toEqual([Buffer.from('2').toString('base64url'), Buffer.from('4').toString('base64url')]);

    const listed = await listTemplates();
    expect(listed.source).toBe('sync');
    expect(listed.templates.map((t) => `${t.name}:${t.language}:${t.status}`)).toEqual([
      'daily_lesson:en:approved', 'shift_reminder:en:approved', 'shift_reminder:es:approved', 'survey:en:pending', 'welcome:en:approved',
    ]);
    expect(listed.templates.find((t) => t.name === 'daily_lesson')).toMatchObject({ category: 'UTILITY', variables: ['first_name', 'topic'], body: "Today's lesson, {{first_name}}: {{topic}}" });
    expect(listed.templates.find((t) => t.name === 'shift_reminder')?.variables).toEqual(['1', '2']);
    expect(listed.templates.find((t) => t.name === 'welcome')?.variables).toEqual([]);
  });

  it('marks templates Meta no longer lists as removed, updates the rest, and brings a template back', async () => {
    channel.graph.setTemplates(wabaId, [fiveTemplates[0], fiveTemplates[2], { ...fiveTemplates[4], status: 'APPROVED' }]);
    const answer = await channel.world.admin('POST', `/v1/channels/${channel.channelId}/templates/sync`);
    expect(answer.json).toEqual({ synced: 3, removed: 2, pages: 2 });
    const listed = await listTemplates();
    expect(listed.templates.map((t) => `${t.name}:${t.language}:${t.status}`)).toEqual(['daily_lesson:en:approved', 'shift_reminder:en:approved', 'survey:en:approved']);
    const withRemoved = await listTemplates('?includeRemoved=true');
    expect(withRemoved.templates.filter((t) => t.removedAt !== null).map((t) => `${t.name}:${t.language}`)).toEqual(['shift_reminder:es', 'welcome:en']);

    channel.graph.setTemplates(wabaId, fiveTemplates);
    expect((await channel.world.admin('POST', `/v1/channels/${channel.channelId}/templates/sync`)).json).toEqual({ synced: 5, removed: 0, pages: 3 });
    expect((await listTemplates()).templates).toHaveLength(5);
  });

  it('previews a synced template by variable name, and keeps its deletion to Meta', async () => {
    const all = (await channel.world.admin('GET', `/v1/channels/${channel.channelId}/templates`)).json.templates as unknown as { id: string; name: string }[];
    const lesson = all.find((t) => t.name === 'daily_lesson');
    const preview = await channel.world.admin('POST', `/v1/channels/${channel.channelId}/templates/${String(lesson?.id)}/preview`, { variables: { first_name: 'Ann', topic: 'lifting' } });
    expect(preview.json).toEqual({ text: "Today's lesson, Ann: lifting" });
    const refused = await channel.world.admin('DELETE', `/v1/channels/${channel.channelId}/templates/${String(lesson?.id)}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'synced_template' });
  });

  it('says what is wrong when Meta refuses the token or the channel has no WABA id', async () => {
    const badToken = await channel.world.admin('POST', '/v1/channels', { ...cloudApiInput, name: 'Bad token', settings: { ...cloudApiInput.settings, phoneNumberId: '106540352242923' }, secrets: { ...cloudApiInput.secrets, accessToken: 'EAAG-wrong' } });
    const refused = await channel.world.admin('POST', `/v1/channels/${String(badToken.json.id)}/templates/sync`);
    expect(refused.status).toBe(502);
    expect(refused.json.error).toMatchObject({ code: 'bad_credentials' });
    expect(String((refused.json.error as { message: string }).message)).toContain('Meta refused the access token');
    expect(refused.text).not.toContain('EAAG-wrong');

    // Channels made before onboarding required it may lack the WABA id.
    await channel.world.sql(`update channels set settings = settings - 'wabaId' where organization_id = :organization_id and id = :id`, { id: String(badToken.json.id) });
    const answer = await channel.world.admin('POST', `/v1/channels/${String(badToken.json.id)}/templates/sync`);
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatchObject({ code: 'waba_id_missing', field: 'settings.wabaId' });
  });

  it('answers a clear 4xx for Twilio, Baileys and console channels', async () => {
    const twilio = await channel.world.admin('POST', '/v1/channels', twilioInput);
    const twilioAnswer = await channel.world.admin('POST', `/v1/channels/${String(twilio.json.id)}/templates/sync`);
    expect(twilioAnswer.status).toBe(409);
    expect(twilioAnswer.json.error).toMatchObject({ code: 'wrong_channel_kind' });
    expect(String((twilioAnswer.json.error as { message: string }).message)).toContain('Content SID');

    const baileys = await channel.world.admin('POST', '/v1/channels', { kind: 'baileys', name: 'Phone', settings: {} });
    const baileysAnswer = await channel.world.admin('POST', `/v1/channels/${String(baileys.json.id)}/templates/sync`);
    expect(baileysAnswer.status).toBe(409);
    expect(String((baileysAnswer.json.error as { message: string }).message)).toContain('Baileys channel has no 24-hour window');
    expect((await channel.world.admin('GET', `/v1/channels/${String(baileys.json.id)}/templates`)).json).toEqual({ source: null, templates: [] });
  });

  it('never writes an access token into a log line', () => {
    const logs = channel.world.logLines.join('');
    expect(logs).toContain('channel templates synced');
    for (const token of [cloudApiInput.secrets.accessToken, 'EAAG-wrong']) expect(logs).not.toContain(token);
  });

  it("answers 404 to another organization and 403 to a coach or a manager's write", async () => {
    expect((await channel.world.call(channel.world.b.keys.org_admin, 'POST', `/v1/channels/${channel.channelId}/templates/sync`)).status).toBe(404);
    expect((await channel.world.call(channel.world.b.keys.org_admin, 'GET', `/v1/channels/${channel.channelId}/templates`)).status).toBe(404);
    expect((await channel.world.call(channel.world.a.keys.coach, 'POST', `/v1/channels/${channel.channelId}/templates/sync`)).status).toBe(403);
    expect((await channel.world.call(channel.world.a.keys.program_manager, 'POST', `/v1/channels/${channel.channelId}/templates/sync`)).status).toBe(403);
    expect((await channel.world.call(channel.world.a.keys.program_manager, 'GET', `/v1/channels/${channel.channelId}/templates`)).status).toBe(200);
  });
});
