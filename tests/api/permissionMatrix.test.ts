import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionTable } from '../../src/api/auth/permissions';
import type { OwnedTable } from '../../src/api/auth/requireOwned';
import { routeCatalog } from '../../src/api/openapi/apiRoute';
import { userRoles } from '../../src/db/entities/User';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
/** One row of organization a per table a path parameter can name. */
const idsOfA = {} as Record<OwnedTable, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await publishFlows(world.em(), ['onboarding']);
  idsOfA.workers = String((await world.admin('POST', '/v1/workers', { fullName: 'A', phoneNumber: '+15553000001' })).json.id);
  idsOfA.segments = String((await world.admin('POST', '/v1/segments', { name: 'S' })).json.id);
  idsOfA.programs = String((await world.admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'] })).json.id);
  idsOfA.broadcasts = String((await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [idsOfA.workers] }, content: { text: 'x' } })).json.id);
  idsOfA.api_keys = String((await world.admin('POST', '/v1/api-keys', { name: 'k', role: 'coach' })).json.id);
  idsOfA.users = (await world.sql<{ id: string }>(`insert into users (organization_id, email, role) values (:organization_id, 'a@example.test', 'coach') returning id`))[0].id;
  idsOfA.channels = world.a.channelId;
  idsOfA.channel_templates = (await world.sql<{ id: string }>(
    `insert into channel_templates (organization_id, channel_id, name, language, status, body, variables, source)
     values (:organization_id, :channel::uuid, 'greeting', 'en', 'approved', 'Hi {{1}}', '["1"]', 'manual') returning id`,
    { channel: world.a.channelId },
  ))[0].id;
  idsOfA.experiments = String((await world.admin('POST', '/v1/experiments', { key: 'matrix', name: 'Matrix', level: 'journey', variants: [{ key: 'a' }, { key: 'b' }] })).json.id);
  idsOfA.webhook_endpoints = String((await world.admin('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.test/a', events: ['worker.enrolled'] })).json.id);
  idsOfA.gamification_challenges = (await world.sql<{ id: string }>(
    `insert into gamification_challenges (organization_id, name, goal, starts_at, ends_at) values (:organization_id, 'C', 5, now(), now() + interval '1 day') returning id`,
  ))[0].id;
  idsOfA.journey_blueprints = (await world.sql<{ id: string }>(`select id from journey_blueprints where organization_id = :organization_id limit 1`))[0].id;
  // Organization a publishes on the marketplace (an expert) and, for the matrix only, holds a licence row of its own listing.
  await world.sql(`update organizations set type = 'expert' where id = :organization_id`);
  idsOfA.marketplace_listings = String((await world.admin('POST', '/v1/marketplace/listings', { blueprintKey: 'onboarding', title: 'L', description: 'D', languages: ['en'], terms: { kind: 'free' } })).json.listingId);
  idsOfA.marketplace_licences = (await world.sql<{ id: string }>(
    `insert into marketplace_licences (organization_id, listing_id, expert_organization_id, listing_title, kind, status)
     values (:organization_id, :listing::uuid, :organization_id, 'L', 'free', 'active') returning id`,
    { listing: idsOfA.marketplace_listings },
  ))[0].id;
  otherParams.listingId = idsOfA.marketplace_listings;
  otherParams.licenceId = idsOfA.marketplace_licences;
  idsOfA.coach_inbox_items = (await world.sql<{ id: string }>(
    `insert into coach_inbox_items (organization_id, worker_id, cause, reason, raised_at) values (:organization_id, :worker::uuid, 'asked_for_person', 'Sent AGENT', now()) returning id`,
    { worker: idsOfA.workers },
  ))[0].id;
  idsOfA.content = (await world.sql<{ id: string }>(`select id from content where organization_id = :organization_id limit 1`))[0].id;
});
afterAll(async () => db.destroy());

/** Path parameters that name no row, or a row other organizations may name too (a published listing, a licence its expert answers). */
const otherParams: Record<string, string> = { kind: 'progress', key: 'help', language: 'es', deliveryId: '1' };

/** The concrete path of a catalog entry, its parameters naming organization a's rows. */
function pathOf(entry: (typeof routeCatalog)[number]): string {
  return entry.path.replace(/\{(\w+)\}/g, (_match, param: string) => {
    const table = entry.owns[param];
    if (param in otherParams) return otherParams[param];
    if (!table) throw new Error(`${entry.method} ${entry.path}: {${param}} names no table: declare it in owns`);
    return idsOfA[table];
  });
}

describe('the permission matrix, generated from every /v1 route', () => {
  it('covers every route of the OpenAPI document', async () => {
    const doc = (await (await world.app.request('http://localhost/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(routeCatalog.map((entry) => `${entry.method} ${entry.path}`).sort());
    expect(routeCatalog.length).toBeGreaterThan(30);
  });

  it("answers 404 to another organization's ids, for every route that takes one", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const entry of routeCatalog.filter((e) => Object.keys(e.owns).length > 0)) {
      const answer = await world.call(world.b.keys.org_admin, entry.method.toUpperCase(), pathOf(entry), entry.method === 'get' ? undefined : {});
      checked++;
      if (answer.status !== 404) failures.push(`${entry.method} ${entry.path}: ${answer.status}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  it('answers 403 to every role the permission table does not allow, for every route', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const entry of routeCatalog) {
      for (const role of userRoles.filter((r) => !permissionTable[r].includes(entry.action))) {
        const answer = await world.call(world.a.keys[role], entry.method.toUpperCase(), pathOf(entry), entry.method === 'get' ? undefined : {});
        checked++;
        if (answer.status !== 403) failures.push(`${role} ${entry.method} ${entry.path}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('lets every allowed role read every GET route of its own organization', async () => {
    const failures: string[] = [];
    for (const entry of routeCatalog.filter((e) => e.method === 'get')) {
      for (const role of userRoles.filter((r) => permissionTable[r].includes(entry.action))) {
        const answer = await world.call(world.a.keys[role], 'GET', pathOf(entry));
        if (answer.status !== 200) failures.push(`${role} ${entry.path}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every route without a key', async () => {
    for (const entry of routeCatalog) {
      const answer = await world.app.request(`http://localhost${pathOf(entry)}`, { method: entry.method.toUpperCase() });
      expect(answer.status, `${entry.method} ${entry.path}`).toBe(401);
    }
  });
});

describe('the marketplace across organizations', () => {
  it("never shows an expert a client's workers, nor a client another client's licences and installs", async () => {
    // b is a client of a's published listing (free): it installs, and has a worker of its own.
    const licence = await world.call(world.b.keys.org_admin, 'POST', `/v1/marketplace/listings/${idsOfA.marketplace_listings}/licences`);
    expect(licence.json).toMatchObject({ status: 'active' });
    const licenceOfB = String(licence.json.id);
    expect((await world.call(world.b.keys.org_admin, 'POST', `/v1/marketplace/licences/${licenceOfB}/install`, {})).status).toBe(201);
    const workerOfB = String((await world.call(world.b.keys.org_admin, 'POST', '/v1/workers', { fullName: 'B', phoneNumber: '+15553000002' })).json.id);
    for (const path of [`/v1/workers/${workerOfB}`, `/v1/workers/${workerOfB}/messages`]) {
      expect((await world.admin('GET', path)).status, path).toBe(404);
    }
    const expertView = await world.admin('GET', '/v1/marketplace/licences');
    expect(JSON.stringify(expertView.json)).not.toContain(workerOfB);
    expect(JSON.stringify(expertView.json)).not.toContain('+15553000002');

    // c, another client, sees none of b's licences or installs, and cannot install or answer them.
    const c = await world.addOrganization();
    const cSees = await world.call(c.keys.org_admin, 'GET', '/v1/marketplace/licences');
    expect(cSees.json).toEqual({ held: [], granted: [] });
    expect((await world.call(c.keys.org_admin, 'POST', `/v1/marketplace/licences/${licenceOfB}/install`, {})).status).toBe(404);
    expect((await world.call(c.keys.org_admin, 'POST', `/v1/marketplace/licences/${licenceOfB}/grant`, {})).status).toBe(404);
    const listing = await world.call(c.keys.org_admin, 'GET', `/v1/marketplace/listings/${idsOfA.marketplace_listings}`);
    expect(listing.json).toMatchObject({ licence: null });
    expect((await world.call(c.keys.org_admin, 'GET', `/v1/marketplace/listings/${idsOfA.marketplace_listings}/usage`)).status).toBe(404);
    expect((await world.call(c.keys.org_admin, 'GET', '/v1/blueprints?key=onboarding')).json).toEqual({ versions: [] });
  });
});
