import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

const yaml = (text: string) => ({ 'content-type': 'application/yaml' as const, body: text });

describe('organization settings', () => {
  it('reads the tier limits and changes settings, null clearing one', async () => {
    const read = await world().call(world().a.keys.coach, 'GET', '/v1/organization');
    expect(read.json).toMatchObject({ subscriptionTier: 'standard', limits: { workers: 50_000, experiments: true } });
    const changed = await world().admin('PATCH', '/v1/organization/settings', { timezone: 'Africa/Nairobi', quietHours: { start: '21:00', end: '07:00' }, defaultChannelId: world().a.channelId });
    expect(changed.json.settings).toEqual({ timezone: 'Africa/Nairobi', quietHours: { start: '21:00', end: '07:00' }, defaultChannelId: world().a.channelId });
    const cleared = await world().admin('PATCH', '/v1/organization/settings', { quietHours: null });
    expect(cleared.json.settings).toEqual({ timezone: 'Africa/Nairobi', defaultChannelId: world().a.channelId });
    expect((await world().admin('PATCH', '/v1/organization/settings', { quietHours: { start: '25:00', end: '07:00' } })).json.error).toMatchObject({ field: 'quietHours.start' });
    expect((await world().admin('PATCH', '/v1/organization/settings', { defaultChannelId: world().b.channelId })).json.error).toMatchObject({ field: 'defaultChannelId' });
  });
});

describe('blueprints', () => {
  it('uploads a flow file, lists versions and exports it; an unchanged upload is a no-op', async () => {
    const source = readFileSync('flows/onboarding.yaml', 'utf8');
    const upload = async () => {
      const { body, ...headers } = yaml(source);
      return world().call(world().a.keys.content_specialist, 'POST', '/v1/blueprints?publish=true', body, headers);
    };
    const first = await upload();
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ key: 'onboarding', version: 1, status: 'published', outcome: 'created' });
    expect((await upload()).json).toMatchObject({ version: 1, outcome: 'unchanged' });
    const versions = await world().admin('GET', '/v1/blueprints?key=onboarding');
    expect(versions.json.versions).toHaveLength(1);
    const exported = await world().admin('GET', `/v1/blueprints/${String(first.json.id)}/export`);
    expect(exported.headers.get('content-type')).toContain('yaml');
    expect(exported.text).toContain('key: onboarding');
  });

  it('shows on a program the version new workers get, and answers an old file with its version instead of a new one', async () => {
    const source = readFileSync('flows/wellbeing-checkin.yaml', 'utf8');
    const upload = (text: string, publish: boolean) => world().call(world().a.keys.content_specialist, 'POST', `/v1/blueprints?publish=${String(publish)}`, text, { 'content-type': 'application/yaml' });
    expect((await upload(source, true)).json).toMatchObject({ version: 1, outcome: 'created', currentVersion: 1 });
    const program = await world().admin('POST', '/v1/programs', { name: 'Check-ins', blueprints: ['wellbeing-checkin'] });
    expect(program.json.blueprints).toEqual([{ key: 'wellbeing-checkin', version: 1, order: 1 }]);
    const changed = source.replace(/title: .*/, 'title: Check-in, second edition');
    expect((await upload(changed, true)).json).toMatchObject({ version: 2, outcome: 'created', currentVersion: 2 });
    expect((await world().admin('GET', `/v1/programs/${String(program.json.id)}`)).json.blueprints).toEqual([{ key: 'wellbeing-checkin', version: 2, order: 1 }]);
    // The first file again: identical to version 1, so no version 3.
    expect((await upload(source, false)).json).toMatchObject({ version: 1, status: 'published', outcome: 'unchanged', currentVersion: 2 });
    expect((await world().admin('GET', '/v1/blueprints?key=wellbeing-checkin')).json.versions).toHaveLength(2);
  });

  it("answers the validator's located errors", async () => {
    const { body, ...headers } = yaml('blueprint:\n  key: broken\n  title: Broken\nphases: nope\n');
    const answer = await world().call(world().a.keys.content_specialist, 'POST', '/v1/blueprints', body, headers);
    expect(answer.status).toBe(422);
    const issues = answer.json.issues as { line: number; column: number; severity: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].line).toBeGreaterThan(0);
    expect(answer.json.error).toMatchObject({ code: 'invalid_flow' });
  });

  it('refuses keys and titles longer than their columns at their line and column, and stores them at the limit', async () => {
    const source = readFileSync('flows/bench-quiz.yaml', 'utf8');
    const upload = (text: string) => world().call(world().a.keys.content_specialist, 'POST', '/v1/blueprints', text, { 'content-type': 'application/yaml' });
    const tooLong = [
      { text: source.replace('key: bench-quiz', `key: ${'b'.repeat(101)}`), path: 'blueprint.key', line: 3, column: 8 },
      { text: source.replace('key: bench-quiz', `key: ${'b'.repeat(199)}`), path: 'blueprint.key', line: 3, column: 8 },
      { text: source.replace('title: Six quick questions', `title: ${'t'.repeat(256)}`), path: 'blueprint.title', line: 4, column: 10 },
      { text: source.replace('{ en: Six questions }', `{ en: ${'t'.repeat(256)} }`), path: 'phases[0].title.en', line: 21 },
      { text: source.replace('key: welcome', `key: ${'w'.repeat(151)}`), path: 'phases[0].touchpoints[0].key', line: 23, column: 14 },
      // Each fits its column, but the content key "<blueprint>/<touchpoint>" would not (201 characters).
      { text: source.replace('key: bench-quiz', `key: ${'b'.repeat(100)}`).replace('key: welcome', `key: ${'w'.repeat(100)}`), path: 'phases[0].touchpoints[0].key', line: 23, column: 14 },
    ];
    for (const { text, ...where } of tooLong) {
      const answer = await upload(text);
      expect(answer.status).toBe(422);
      expect(answer.json.issues).toEqual([expect.objectContaining({ ...where, message: expect.stringContaining('is too long: use at most') })]);
    }

    const longest = source
      .replace('key: bench-quiz', `key: ${'b'.repeat(100)}`)
      .replace('title: Six quick questions', `title: ${'t'.repeat(255)}`)
      .replace('{ en: Six questions }', `{ en: ${'t'.repeat(255)} }`)
      .replace('key: welcome', `key: ${'w'.repeat(99)}`)
      // No column stores an option id (nor a title in another language): stored versions with longer ones still read.
      .replace('id: app,', `id: ${'o'.repeat(150)},`);
    expect((await upload(longest)).status).toBe(201);
  });
});
