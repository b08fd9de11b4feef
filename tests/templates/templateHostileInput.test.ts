import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelsWorld, twilioInput, type ChannelsWorld } from '../channelsApi/channelsWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ChannelsWorld;
let channelId: string;
const contentSid = `HX${'c'.repeat(32)}`;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
  const created = await world.admin('POST', '/v1/channels', twilioInput);
  expect(created.status, created.text).toBe(201);
  channelId = String(created.json.id);
});
afterAll(async () => db.destroy());

const templatesPath = () => `/v1/channels/${channelId}/templates`;
const add = (template: Record<string, unknown>) => world.admin('POST', templatesPath(), { language: 'en', contentSid, ...template });
const preview = (templateId: string, variables: unknown) => world.admin('POST', `${templatesPath()}/${templateId}/preview`, { variables });
const refusal = (answer: { status: number; json: Record<string, unknown> }) => ({ status: answer.status, ...(answer.json.error as { code: string; field?: string }) });

async function addedId(template: Record<string, unknown>): Promise<string> {
  const added = await add(template);
  expect(added.status, added.text).toBe(201);
  return String(added.json.id);
}

describe('registering a Twilio template: hostile input', () => {
  it.each([
    ['a number for the name', { name: 5 }, 'name'],
    ['a name of 100,000 characters', { name: 'x'.repeat(100_000) }, 'name'],
    ['a NUL byte in the name', { name: 'a\u0000b' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a path for the language', { name: 'path', language: '../../' }, 'language'],
    ['a sentence for the language', { name: 'sentence', language: 'English please' }, 'language'],
    ['a `__proto__` key', JSON.parse('{"name": "proto", "__proto__": {"status": "pending"}}'), '__proto__'],
    ['a `constructor` key', { name: 'ctor', constructor: 'x' }, 'constructor'],
    ['a variable named `__proto__`', { name: 'proto_var', variables: ['__proto__'] }, 'variables.0'],
    ['a `{{__proto__}}` placeholder', { name: 'proto_body', body: 'Hi {{__proto__}}' }, 'body'],
    ['a variable named twice', { name: 'twice', variables: ['1', '1'] }, 'variables'],
  ])('refuses %s with a 400 naming the field', async (_what, template, field) => {
    expect(refusal(await add(template))).toMatchObject({ status: 400, field });
  });

  it('keeps unicode names and bodies as given', async () => {
    const id = await addedId({ name: 'привет_👋', body: 'Hola {{1}} 👋 ¿qué tal?' });
    expect((await preview(id, ['Zoë'])).json).toEqual({ text: 'Hola Zoë 👋 ¿qué tal?' });
  });

  it('creates one of ten identical registrations sent at once, and refuses the rest as taken', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => add({ name: 'race', body: 'Hi {{1}}' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.json.error).toMatchObject({ code: 'template_exists', field: 'name' });
    const rows = await world.sql(`select id from channel_templates where organization_id = :organization_id and channel_id = :channelId and name = 'race'`, { channelId });
    expect(rows).toHaveLength(1);
  });

  it('refuses a name already registered in the same language spelt another way (sends could not tell them apart)', async () => {
    const spellings = ['en_US', 'en-US', 'EN_us', 'en-us', 'En_Us'];
    const answers = await Promise.all(spellings.map((language) => add({ name: 'spelt', language })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect((await add({ name: 'spelt', language: 'en' })).status).toBe(201);
  });
});

describe('previewing a template: variables missing or extra', () => {
  let reminder: string;
  beforeAll(async () => {
    reminder = await addedId({ name: 'shift', body: 'Hi {{1}}, your shift starts at {{2}}.' });
  });

  it('names the missing variable, by position or by name', async () => {
    expect(refusal(await preview(reminder, ['Ann']))).toMatchObject({ status: 400, code: 'missing_variable', field: 'variables.2' });
    expect(refusal(await preview(reminder, { 1: 'Ann' }))).toMatchObject({ status: 400, code: 'missing_variable', field: 'variables.2' });
  });

  it('refuses a value the template has no variable for, as a send would, naming it', async () => {
    const byPosition = await preview(reminder, ['Ann', '9:00', 'Tuesday']);
    expect(refusal(byPosition)).toMatchObject({ status: 400, code: 'extra_variable', field: 'variables.2' });
    expect(byPosition.json.error).toMatchObject({ message: expect.stringContaining('Value 3') });
    expect(refusal(await preview(reminder, { 1: 'Ann', 2: '9:00', day: 'Tuesday' }))).toMatchObject({ status: 400, code: 'extra_variable', field: 'variables.day' });
  });

  it('refuses a `__proto__` value by name instead of losing it, and wrong types naming the field', async () => {
    expect(refusal(await preview(reminder, JSON.parse('{"1": "Ann", "2": "9:00", "__proto__": "x"}')))).toMatchObject({ status: 400, field: 'variables.__proto__' });
    expect(refusal(await preview(reminder, 'Ann'))).toMatchObject({ status: 400, field: 'variables' });
    expect(refusal(await preview(reminder, [1, 2]))).toMatchObject({ status: 400, field: 'variables.0' });
    expect(refusal(await preview(reminder, ['x'.repeat(2000), 'y']))).toMatchObject({ status: 400, field: 'variables.0' });
  });

  it('fills variables named like Object.prototype members as ordinary names', async () => {
    const id = await addedId({ name: 'members', body: 'Hi {{constructor}}, {{toString}}' });
    expect((await preview(id, { constructor: 'Ann', toString: 'Bo' })).json).toEqual({ text: 'Hi Ann, Bo' });
    expect(refusal(await preview(id, { constructor: 'Ann' }))).toMatchObject({ status: 400, code: 'missing_variable', field: 'variables.toString' });
  });
});

describe('deleting a template', () => {
  it('deletes it once when five deletes race: the others answer 404', async () => {
    const id = await addedId({ name: 'doomed' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => world.admin('DELETE', `${templatesPath()}/${id}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404, 404, 404, 404]);
  });
});
