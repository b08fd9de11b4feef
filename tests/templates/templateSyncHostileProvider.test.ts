import { describe, expect, it } from 'vitest';
import { cloudApiInput } from '../channelsApi/channelsWorld';
import { graphTemplate } from '../fakes/graphTemplate';
import { useCloudApiTemplateChannel } from './useCloudApiTemplateChannel';

const wabaId = cloudApiInput.settings.wabaId;

const channel = useCloudApiTemplateChannel();

const sync = () => channel.world.admin('POST', `/v1/channels/${channel.channelId}/templates/sync`);
const stored = () => channel.world.sql<{ name: string; language: string; body: string; removed_at: Date | null }>(
  `select name, language, body, removed_at from channel_templates where organization_id = :organization_id and channel_id = :channelId order by name, language`,
  { channelId: channel.channelId },
);
/** A template with a short id, whatever its other fields. */
const listed = (name: string, language: string, body: string, status?: string) => ({ ...graphTemplate(name, language, body, status), id: `tpl-${name.length}` });

describe('a template sync when Meta lists what the engine cannot store', () => {
  it('keeps one template when the list repeats a name and language across pages (the last listed)', async () => {
    channel.graph.setTemplates(wabaId, [listed('reminder', 'en', 'Old {{1}}'), listed('welcome', 'en', 'Hi'), listed('reminder', 'en', 'New {{1}}')]);
    const answer = await sync();
    expect(answer.status, answer.text).toBe(200);
    expect((await stored()).map((row) => [row.name, row.body])).toEqual([['reminder', 'New {{1}}'], ['welcome', 'Hi']]);
  });

  it.each([
    ['a NUL byte in the body', listed('nul', 'en', 'a\u0000b'), 'data.0.components.BODY.text'],
    ['a NUL byte in the name', listed('n\u0000', 'en', 'x'), 'data.0.name'],
    ['a name over 512 characters', listed('n'.repeat(513), 'en', 'x'), 'data.0.name'],
    ['a language over 20 characters', listed('lang', 'e'.repeat(21), 'x'), 'data.0.language'],
    ['a status over 40 characters', listed('status', 'en', 'x', 'S'.repeat(41)), 'data.0.status'],
    ['an id over 64 characters', { ...listed('id', 'en', 'x'), id: '9'.repeat(65) }, 'data.0.id'],
  ])('refuses %s with a 502 naming it, and changes nothing', async (_what, template, field) => {
    const before = await stored();
    channel.graph.setTemplates(wabaId, [template]);
    const answer = await sync();
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ code: 'provider_error', message: expect.stringContaining(field) });
    expect(await stored()).toEqual(before);
  });
});
