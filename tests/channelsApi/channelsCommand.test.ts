import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChannelsCommand, type ChannelsCommandOptions } from '../../src/cli/runChannelsCommand';
import { createSecretBox } from '../../src/secrets/secretBox';
import { asSystem } from '../../src/db/tenancy/scopes';
import { startGraphPhoneNumberFake, type GraphPhoneNumberFake } from '../fakes/startGraphPhoneNumberFake';
import { createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { runCliMain } from '../support/runCliMain';
import { cloudApiInput } from './channelsWorld';

let db: TestDatabase;
let graph: GraphPhoneNumberFake;
let organizationId = '';
const printed: string[] = [];

function options(stdin = ''): ChannelsCommandOptions {
  return {
    em: db.orm.em,
    secretBox,
    publicUrl: 'https://coach.example.test',
    graphBaseUrl: graph.graphBaseUrl,
    now: () => new Date(),
    print: (text) => printed.push(text),
    readStdin: async () => stdin,
  };
}
const secretBox = createSecretBox(randomBytes(32).toString('base64'));

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphPhoneNumberFake({
    accessToken: cloudApiInput.secrets.accessToken,
    wabaId: cloudApiInput.settings.wabaId,
    phoneNumbers: [{ id: cloudApiInput.settings.phoneNumberId, displayPhoneNumber: '+1 555-000-3333', verifiedName: 'Acme', platformType: 'CLOUD_API' }],
  });
  organizationId = (await createOrganization(asSystem(db.orm.em, 'test setup'), 'Acme Operators')).id;
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

describe('npm run channels', () => {
  it('names an unknown option, or one without its value, in one line (exit 1, no stack trace)', async () => {
    for (const [args, named] of [
      [['add', '--org', 'Acme Operators', '--kind', 'baileys', '--name', 'B', '--secret', '-'], "'--secret'"],
      [['list', '--org'], "'--org <value>'"],
      [['list', '--json=yes'], "'--json'"],
    ] as const) {
      const run = await runCliMain(() => runChannelsCommand([...args], options()));
      expect(run).toEqual({ exitCode: 1, stderr: expect.stringMatching(/^error: .+$/) });
      expect(run.stderr).toContain(named);
    }
  });

  it('adds a channel with secrets from standard input (the organization by id or name), lists, verifies and reports health', async () => {
    const add = ['add', '--org', organizationId, '--kind', 'cloud_api', '--name', 'Meta line', '--settings', JSON.stringify(cloudApiInput.settings), '--secrets', '-'];
    expect(await runChannelsCommand(add, options(JSON.stringify(cloudApiInput.secrets)))).toBe(0);
    const created = JSON.parse(printed.at(-1) ?? '{}') as { id: string; webhooks: { callbackUrl: string } };
    expect(created.webhooks.callbackUrl).toBe(`https://coach.example.test/webhooks/whatsapp/${created.id}`);

    expect(await runChannelsCommand(['add', '--org', 'Acme Operators', '--kind', 'baileys', '--name', 'Linked phone'], options())).toBe(0);
    const linked = JSON.parse(printed.at(-1) ?? '{}') as { id: string };
    expect(await runChannelsCommand(['list', '--org', 'Acme Operators', '--json'], options())).toBe(0);
    expect((JSON.parse(printed.at(-1) ?? '[]') as { id: string }[]).map((row) => row.id)).toEqual([created.id, linked.id]);

    expect(await runChannelsCommand(['list'], options())).toBe(0);
    expect(printed.at(-1)).toMatch(new RegExp(`^id\\s+organization\\s+kind[\\s\\S]*${created.id}\\s+${organizationId}\\s+cloud_api\\s+active\\s+106540352242922\\s+Meta line`));

    expect(await runChannelsCommand(['verify', created.id], options())).toBe(0);
    expect(JSON.parse(printed.at(-1) ?? '{}')).toMatchObject({ ok: true });
    expect(await runChannelsCommand(['health', created.id], options())).toBe(0);
    expect(JSON.parse(printed.at(-1) ?? '{}')).toMatchObject({ queueDepth: 0, lastError: null });
  });

  it('refuses secrets on the command line, a bad field, an unknown channel or organization', async () => {
    const base = ['add', '--org', organizationId, '--kind', 'twilio', '--name', 'T'];
    expect(await runChannelsCommand([...base, '--settings', '{}', '--secrets', '{"authToken":"x"}'], options())).toBe(2);
    expect(await runChannelsCommand([...base, '--settings', '{"accountSid":"AC1"}', '--secrets', '-'], options('{"authToken":"abcd"}'))).toBe(1);
    expect(printed.at(-1)).toContain('settings.accountSid');
    expect(await runChannelsCommand(['verify', '00000000-0000-4000-8000-000000000000'], options())).toBe(1);
    expect(await runChannelsCommand(['nonsense'], options())).toBe(2);
    for (const org of ['Nobody Inc', '00000000-0000-4000-8000-000000000000']) {
      expect(await runChannelsCommand(['add', '--org', org, '--kind', 'baileys', '--name', 'B'], options())).toBe(1);
      expect(printed.at(-1)).toMatch(org.startsWith('0000') ? `no organization has the id ${org}` : `no organization is named '${org}'`);
      expect(await runChannelsCommand(['list', '--org', org], options())).toBe(1);
    }
    for (const secret of Object.values(cloudApiInput.secrets)) expect(printed.filter((line) => line.includes(secret))).toEqual([]);
  });
});
