import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformRoutes } from '../../src/api/platform/platformRoutes';
import { runOperatorsCommand } from '../../src/cli/runOperatorsCommand';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { demoIds, seedDemo } from '../../src/demo/seedDemo';
import { seedDemoExperiment } from '../../src/demo/seedDemoExperiment';
import { seedDemoJourneys } from '../../src/demo/seedDemoJourneys';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { createSecretBox } from '../../src/secrets/secretBox';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { minutes } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let operatorKey = '';
let platform: ReturnType<typeof platformRoutes>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  platform = platformRoutes({ engine: world.engine });
  const printed: string[] = [];
  expect(await runOperatorsCommand(['create', 'Ops@Example.test'], { em: db.orm.em, now: () => new Date(), print: (text) => printed.push(text) })).toBe(0);
  operatorKey = printed.join('\n').match(/cpo_[\w-]{43}/)?.[0] ?? '';
});
afterAll(async () => db.destroy());

async function operate(method: string, path: string, body?: unknown, key = operatorKey) {
  const response = await platform.request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as Record<string, never> & Record<string, unknown> };
}
const errorOf = (answer: { json: Record<string, unknown> }) => answer.json.error as { code: string; message: string; field?: string };

describe('platform operators', () => {
  it('exist only from the command line, and no organization key opens their routes', async () => {
    expect(operatorKey).toMatch(/^cpo_/);
    expect((await operate('GET', '/platform/organizations', undefined, '')).status).toBe(401);
    expect((await operate('GET', '/platform/organizations', undefined, world.a.keys.org_admin)).status).toBe(401);
    expect((await operate('GET', '/platform/organizations')).status).toBe(200);
    const printed: string[] = [];
    await runOperatorsCommand(['revoke', 'ops@example.test'], { em: db.orm.em, now: () => new Date(), print: (text) => printed.push(text) });
    expect((await operate('GET', '/platform/organizations')).status).toBe(401);
    await runOperatorsCommand(['create', 'ops@example.test'], { em: db.orm.em, now: () => new Date(), print: (text) => printed.push(text) });
    operatorKey = printed.join('\n').match(/cpo_[\w-]{43}/)?.[0] ?? '';
    await expect(runOperatorsCommand(['create', 'not-an-email'], { em: db.orm.em, now: () => new Date(), print: () => undefined })).rejects.toThrow(/not an email address/);
  }, 120_000);

  it('create organizations with a type and tier, and hand over a first org admin key', async () => {
    const created = await operate('POST', '/platform/organizations', { name: 'Safety Experts Ltd', type: 'expert', tier: 'premium' });
    expect(created.status).toBe(201);
    const key = String(created.json.adminApiKey);
    const own = await world.call(key, 'GET', '/v1/organization');
    expect(own.json).toMatchObject({ name: 'Safety Experts Ltd', type: 'expert', subscriptionTier: 'premium' });
    const id = String((created.json.organization as { id: string }).id);
    expect((await operate('PATCH', `/platform/organizations/${id}`, { tier: 'basic', type: 'client' })).json).toMatchObject({ subscriptionTier: 'basic', type: 'client' });
    const bad = await operate('PATCH', `/platform/organizations/${id}`, { tier: 'gold' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).field).toBe('tier');
    expect((await operate('PATCH', '/platform/organizations/00000000-0000-4000-8000-000000000999', { tier: 'basic' })).status).toBe(404);
    expect((await operate('GET', '/platform/organizations/not-a-uuid')).status).toBe(404);
  }, 120_000);

  it('refuse a name PostgreSQL cannot store (U+0000, a lone surrogate), naming it as /v1 does', async () => {
    for (const name of ['a\u0000', 'b\ud800']) {
      const created = await operate('POST', '/platform/organizations', { name, type: 'client', tier: 'basic' });
      expect(created.status).toBe(400);
      expect(errorOf(created)).toMatchObject({ code: 'invalid_json', field: 'name' });
      const renamed = await operate('PATCH', `/platform/organizations/${world.a.id}`, { name });
      expect(renamed.status).toBe(400);
      expect(errorOf(renamed).field).toBe('name');
    }
    expect((await operate('GET', '/platform/organizations')).json.organizations).not.toContainEqual(expect.objectContaining({ name: 'b\ufffd' }));
  }, 120_000);

  it('refuse a body over the API limit with 413, as /v1 does, before reading it whole', async () => {
    const name = 'x'.repeat(2 * 1024 * 1024);
    const created = await operate('POST', '/platform/organizations', { name, type: 'client', tier: 'basic' });
    expect(created.status).toBe(413);
    expect(errorOf(created).code).toBe('body_too_large');
    expect((await operate('PATCH', `/platform/organizations/${world.a.id}`, { name })).status).toBe(413);
  });

  it('keep an expert with published listings an expert', async () => {
    await world.sql(`update organizations set type = 'expert' where id = :organization_id`);
    await world.sql(`insert into marketplace_listings (organization_id, blueprint_key, title, description, languages, terms) values (:organization_id, 'k', 'T', 'D', '{en}', '{"kind":"free"}')`);
    const refused = await operate('PATCH', `/platform/organizations/${world.a.id}`, { type: 'client' });
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'has_published_listings', field: 'type' });
  }, 120_000);

  it('suspend an organization: its keys, console sessions and channels are refused until the suspension is lifted', async () => {
    const registry = createChannelRegistry({ loadTemplates: async () => [], secretBox: createSecretBox('0'.repeat(64)), consoleSink: () => undefined });
    const system = asSystem(db.orm.em, 'test');
    expect(await registry.byId(system, world.b.channelId)).toBeDefined();
    expect((await operate('POST', `/platform/organizations/${world.b.id}/suspend`)).json).toMatchObject({ suspendedAt: expect.any(String) });
    const refused = await world.call(world.b.keys.org_admin, 'GET', '/v1/workers');
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe('organization_suspended');
    expect(await registry.byId(system, world.b.channelId)).toBeUndefined();
    expect((await world.call(world.a.keys.org_admin, 'GET', '/v1/workers')).status).toBe(200);
    expect((await operate('POST', `/platform/organizations/${world.b.id}/resume`)).json).toMatchObject({ suspendedAt: null });
    expect((await world.call(world.b.keys.org_admin, 'GET', '/v1/workers')).status).toBe(200);
    expect(await registry.byId(system, world.b.channelId)).toBeDefined();
  }, 120_000);

  it('suspend twice: the second suspension keeps the first time and answers the same', async () => {
    const first = await operate('POST', `/platform/organizations/${world.b.id}/suspend`);
    world.clock.advance(minutes(5));
    const second = await operate('POST', `/platform/organizations/${world.b.id}/suspend`);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(first.json.suspendedAt).toBe(new Date(world.clock.now() - minutes(5)).toISOString());
    expect((await operate('POST', `/platform/organizations/${world.b.id}/resume`)).json).toMatchObject({ suspendedAt: null });
  }, 120_000);

  it('delete a populated organization and every row it owns, leaving the others untouched', async () => {
    await seedDemo(db.orm.em);
    await seedDemoJourneys(db.orm.em, resolve('flows'), Date.UTC(2026, 11, 6, 9));
    await seedDemoExperiment(db.orm.em, Date.UTC(2026, 11, 6, 9));
    const system = asSystem(db.orm.em, 'test checks');
    const tables = (await scopedSql<{ table_name: string }>(
      system,
      `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = current_schema() and c.column_name = 'organization_id' and t.table_type = 'BASE TABLE'`,
    )).map((row) => row.table_name);
    const countRows = async (organizationId: string) => {
      const union = tables.map((table) => `select '${table}' as t, count(*)::int as n from "${table}" where organization_id = :id`).join(' union all ');
      return Object.fromEntries((await scopedSql<{ t: string; n: number }>(system, union, { id: organizationId })).filter((row) => row.n > 0).map((row) => [row.t, row.n]));
    };
    const demo = demoIds.clientOrganization;
    const before = await countRows(demo);
    for (const table of ['workers', 'conversations', 'messages', 'touchpoints', 'content', 'program_blueprints', 'worker_progress', 'experiments']) expect(before[table], table).toBeGreaterThan(0);
    const otherBefore = await countRows(world.a.id);

    const [{ name }] = await scopedSql<{ name: string }>(system, 'select name from organizations where id = :id', { id: demo });
    const unconfirmed = await operate('DELETE', `/platform/organizations/${demo}?confirm=wrong`);
    expect(unconfirmed.status).toBe(409);
    expect(errorOf(unconfirmed).field).toBe('confirm');
    expect((await operate('DELETE', `/platform/organizations/${demo}?confirm=${encodeURIComponent(name)}`)).status).toBe(204);
    expect(await countRows(demo)).toEqual({});
    expect(await scopedSql(system, 'select 1 from organizations where id = :id', { id: demo })).toEqual([]);
    expect(await countRows(world.a.id)).toEqual(otherBefore);
    expect((await operate('GET', `/platform/organizations/${demo}`)).status).toBe(404);
  }, 120_000);
});
