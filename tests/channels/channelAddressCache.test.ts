import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { listenForNotifications } from '../../src/db/listenForNotifications';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { createLogger } from '../../src/logging/createLogger';
import { createSecretBox } from '../../src/secrets/secretBox';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

const secretBox = createSecretBox(randomBytes(32).toString('base64'));
const phoneNumberId = '1055500777';
let db: TestDatabase;

async function addCloudApiChannel(organizationId: string): Promise<string> {
  const id = randomUUID();
  await scopedSql(
    forOrganization(db.orm.em, organizationId),
    `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext)
     values (:id, :organization_id, 'cloud_api', 'Cloud API', :address, :settings, :sealed)`,
    { id, address: phoneNumberId, settings: JSON.stringify({ phoneNumberId, appId: '4242000042' }), sealed: secretBox.seal({ appSecret: 'app-secret', accessToken: 'token', verifyToken: 'verify' }, id) },
  );
  return id;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("the channels of a Cloud API number, as webhooks route them", () => {
  it('come from memory while channel changes are heard, and a channel added for the number (or a change) is heard at once', async () => {
    const first = await addCloudApiChannel((await createOrganization(asSystem(db.orm.em, 'test setup'))).id);
    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox, consoleSink: () => undefined });
    let statements = 0;
    db.orm.em.getConnection().getKnex().on('query', () => void statements++);
    const owners = async () => {
      statements = 0;
      const channels = await registry.byAddresses(asSystem(db.orm.em, 'test routing'), 'cloud_api', [phoneNumberId]);
      return { ids: channels.map((channel) => channel.id).sort(), statements };
    };
    // Not listening yet: every call reads the rows (the first also the channel's templates, to build its adapter).
    expect((await owners()).ids).toEqual([first]);
    expect(await owners()).toEqual({ ids: [first], statements: 1 });

    const listener = listenForNotifications(db.url, 'channel_changed', registry.changes, createLogger('silent'));
    try {
      await waitFor('the listener to listen', async () => (await owners(), (await owners()).statements === 0));
      expect(await owners()).toEqual({ ids: [first], statements: 0 });

      const second = await addCloudApiChannel((await createOrganization(asSystem(db.orm.em, 'test setup'))).id);
      await waitFor('the new channel to be heard', async () => (await owners()).ids.length === 2);
      expect(await owners()).toEqual({ ids: [first, second].sort(), statements: 0 });

      await scopedSql(asSystem(db.orm.em, 'test'), `update channels set status = 'deleted', updated_at = now() where id = :id`, { id: first });
      await waitFor('the deletion to be heard', async () => (await owners()).ids.length === 1);
      expect(await owners()).toEqual({ ids: [second], statements: 0 });
    } finally {
      await listener.close();
    }
  });

  it('remembers at most so many numbers: phone number ids no channel serves, as any signed webhook may name, do not pile up', async () => {
    await addCloudApiChannel((await createOrganization(asSystem(db.orm.em, 'test setup'))).id);
    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox, consoleSink: () => undefined, maxRememberedAddresses: 2 });
    let statements = 0;
    db.orm.em.getConnection().getKnex().on('query', () => void statements++);
    const lookUp = async (address: string) => {
      statements = 0;
      await registry.byAddresses(asSystem(db.orm.em, 'test routing'), 'cloud_api', [address]);
      return statements;
    };
    const listener = listenForNotifications(db.url, 'channel_changed', registry.changes, createLogger('silent'));
    try {
      await waitFor('the listener to listen', async () => (await lookUp(phoneNumberId), (await lookUp(phoneNumberId)) === 0));
      expect(await lookUp('1055500001')).toBe(1);
      expect(await lookUp('1055500001')).toBe(0);
      // A third number is past the cap: everything remembered is forgotten, the channel's own number included.
      expect(await lookUp('1055500002')).toBe(1);
      expect(await lookUp(phoneNumberId)).toBe(1);
      expect(await lookUp(phoneNumberId)).toBe(0);
    } finally {
      await listener.close();
    }
  });
});
