import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import { Migration20261206041500_channelSecretHintsBlanked } from '../../migrations/Migration20261206041500_channelSecretHintsBlanked';
import { createChannel } from '../../src/channelAdmin/createChannel';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
});
afterAll(async () => db.destroy());

describe('channel secret hints', () => {
  it('show no last four of a short secret, which they would give away whole', async () => {
    const created = await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550003001' }, secrets: { authToken: 'abcd' } });
    expect(created.status).toBe(201);
    expect(created.json.secrets).toMatchObject({ authToken: { lastFour: '' } });
    const long = await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550003002' }, secrets: { authToken: 'a-long-enough-token-wxyz' } });
    expect(long.json.secrets).toMatchObject({ authToken: { lastFour: 'wxyz' } });
    expect(JSON.stringify(created.json)).not.toContain('abcd');
  });

  it('are written in the channel\'s own transaction: a failed hint write leaves no half-created channel', async () => {
    const system = asSystem(db.orm.em, 'test: make hint writes fail');
    await scopedSql(system, `alter table channel_secret_hints add constraint test_no_hints check (name <> 'authToken') not valid`);
    try {
      const input = { ...twilioInput, kind: 'twilio' as const, settings: { ...twilioInput.settings, from: '+15550003003' } };
      await expect(createChannel(forOrganization(db.orm.em, world.a.id), input, world.secretBox, new Date(world.clock.now()))).rejects.toThrow(/test_no_hints/);
    } finally {
      await scopedSql(system, 'alter table channel_secret_hints drop constraint test_no_hints');
    }
    expect(await world.sql(`select id from channels where organization_id = :organization_id and address = '+15550003003'`)).toEqual([]);
  });

  it('recorded before short secrets got none are blanked by a migration (their length is unknown, so all of them)', async () => {
    const old = await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550003004' }, secrets: { authToken: 'abcd' } });
    expect(old.status).toBe(201);
    // A hint as the code before the fix wrote it: the whole 4-character secret.
    await world.sql(`update channel_secret_hints set last_four = 'abcd' where organization_id = :organization_id and channel_id = :id`, { id: old.json.id });
    const migration = new Migration20261206041500_channelSecretHintsBlanked(db.orm.em.getDriver() as AbstractSqlDriver, db.orm.config);
    await migration.up();
    for (const query of migration.getQueries()) await db.orm.em.getConnection().execute(query.toString());
    const shown = await world.admin('GET', `/v1/channels/${old.json.id}`);
    expect(shown.json.secrets).toMatchObject({ authToken: { lastFour: '' } });
    expect(await world.sql(`select last_four from channel_secret_hints where organization_id = :organization_id and last_four <> ''`)).toEqual([]);
  });
});
