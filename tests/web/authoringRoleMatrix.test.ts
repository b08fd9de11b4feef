import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, type ApiAction } from '../../src/api/auth/permissions';
import { userRoles, type UserRole } from '../../src/db/entities/User';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { createSecretBox } from '../../src/secrets/secretBox';
import { createWebhookEndpoint } from '../../src/webhooksOut/manageWebhookEndpoints';
import { createOrganization } from '../support/factories';
import { signInOverHttp, type HttpSession } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
const sessions = {} as Record<UserRole, HttpSession>;
/** Rows of this organization and of another one, named by the paths below. */
const ids = {
  program: '', version: '', user: '', endpoint: '', challenge: '',
  otherProgram: '', otherVersion: '', otherUser: '', otherEndpoint: '', otherChallenge: '',
};

/** The other organization's endpoint secret as sealed at the start: neither rotated nor deleted by our admin. */
let otherEndpointSealed = '';

/** Every console page and form of authoring and integrations, with the action the permission table asks of it. */
const routes: { method: 'GET' | 'POST'; path: () => string; action: ApiAction }[] = [
  { method: 'GET', path: () => '/coach/journeys/editor', action: 'blueprints:write' },
  { method: 'GET', path: () => `/coach/journeys/editor?from=${ids.version}`, action: 'blueprints:write' },
  { method: 'POST', path: () => '/coach/journeys/editor/check', action: 'blueprints:write' },
  { method: 'POST', path: () => '/coach/journeys/editor', action: 'blueprints:write' },
  { method: 'GET', path: () => `/coach/journeys/diff?a=${ids.version}&b=${ids.version}`, action: 'blueprints:read' },
  { method: 'GET', path: () => '/coach/segments', action: 'segments:read' },
  { method: 'POST', path: () => '/coach/segments', action: 'segments:write' },
  { method: 'GET', path: () => '/coach/programs/new', action: 'programs:write' },
  { method: 'POST', path: () => '/coach/programs/new', action: 'programs:write' },
  { method: 'GET', path: () => `/coach/programs/${ids.program}/manage`, action: 'programs:enroll' },
  ...(['activate', 'pause', 'resume', 'complete'] as const).map((t) => ({ method: 'POST' as const, path: () => `/coach/programs/${ids.program}/${t}`, action: 'programs:write' as const })),
  { method: 'POST', path: () => `/coach/programs/${ids.program}/enroll`, action: 'programs:enroll' },
  { method: 'GET', path: () => '/coach/users', action: 'users:read' },
  { method: 'POST', path: () => '/coach/users/invitations', action: 'users:manage' },
  { method: 'POST', path: () => `/coach/users/${ids.user}/role`, action: 'users:manage' },
  { method: 'POST', path: () => `/coach/users/${ids.user}/deactivate`, action: 'users:manage' },
  { method: 'GET', path: () => '/coach/webhooks', action: 'integrations:read' },
  { method: 'POST', path: () => '/coach/webhooks', action: 'integrations:manage' },
  { method: 'GET', path: () => `/coach/webhooks/${ids.endpoint}`, action: 'integrations:read' },
  { method: 'POST', path: () => `/coach/webhooks/${ids.endpoint}`, action: 'integrations:manage' },
  { method: 'POST', path: () => `/coach/webhooks/${ids.endpoint}/enabled`, action: 'integrations:manage' },
  { method: 'POST', path: () => `/coach/webhooks/${ids.endpoint}/secret`, action: 'integrations:manage' },
  { method: 'GET', path: () => `/coach/webhooks/${ids.endpoint}/delete`, action: 'integrations:manage' },
  { method: 'POST', path: () => `/coach/webhooks/${ids.endpoint}/delete`, action: 'integrations:manage' },
  { method: 'POST', path: () => `/coach/webhooks/${ids.endpoint}/deliveries/1/replay`, action: 'integrations:manage' },
  { method: 'GET', path: () => '/coach/lrs', action: 'integrations:read' },
  { method: 'POST', path: () => '/coach/lrs', action: 'integrations:manage' },
  { method: 'GET', path: () => '/coach/challenges', action: 'progress:read' },
  { method: 'POST', path: () => '/coach/challenges', action: 'programs:write' },
  { method: 'GET', path: () => `/coach/challenges/${ids.challenge}/edit`, action: 'programs:write' },
  { method: 'POST', path: () => `/coach/challenges/${ids.challenge}`, action: 'programs:write' },
  { method: 'POST', path: () => `/coach/challenges/${ids.challenge}/cancel`, action: 'programs:write' },
];
const challengeSql = `insert into gamification_challenges (organization_id, name, goal, starts_at, ends_at) values (:org, 'Next week', 5, now() + interval '400 days', now() + interval '407 days') returning id`;

async function call(session: HttpSession, method: 'GET' | 'POST', path: string, fields: Record<string, string> = {}) {
  const origin = 'http://localhost';
  const response = await world.app.request(`${origin}${path}`, method === 'GET'
    ? { headers: { cookie: session.cookie } }
    : { method, headers: { cookie: session.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString() });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  for (const role of userRoles) {
    await world.addStaff(role, `${role}@matrix.test`);
    sessions[role] = await signInOverHttp(world.app, `${role}@matrix.test`);
  }
  ids.program = world.program.id;
  ids.version = (await world.sql<{ id: string }>('select id from journey_blueprints where organization_id = :organization_id limit 1'))[0].id;
  ids.user = (await world.sql<{ id: string }>(`insert into users (organization_id, email, role) values (:organization_id, 'target@matrix.test', 'coach') returning id`))[0].id;
  const other = await createOrganization(db.orm.em.fork());
  const secretBox = createSecretBox('0'.repeat(64));
  ids.endpoint = (await createWebhookEndpoint(world.em(), secretBox, { url: 'https://ours.matrix.test/hooks', events: ['worker.enrolled'] })).id;
  ids.otherEndpoint = (await createWebhookEndpoint(forOrganization(db.orm.em.fork(), other.id), secretBox, { url: 'https://theirs.matrix.test/hooks', events: ['worker.enrolled'] })).id;
  const system = asSystem(db.orm.em.fork(), 'test setup');
  otherEndpointSealed = (await scopedSql<{ secret_ciphertext: string }>(system, 'select secret_ciphertext from webhook_endpoints where id = :id', { id: ids.otherEndpoint }))[0].secret_ciphertext;
  ids.otherUser = (await scopedSql<{ id: string }>(system, `insert into users (organization_id, email, role) values (:org, 'other@matrix.test', 'coach') returning id`, { org: other.id }))[0].id;
  ids.challenge = (await scopedSql<{ id: string }>(system, challengeSql, { org: world.organization.id }))[0].id;
  ids.otherChallenge = (await scopedSql<{ id: string }>(system, challengeSql, { org: other.id }))[0].id;
  ids.otherProgram = (await scopedSql<{ id: string }>(system, `insert into programs (organization_id, name) values (:org, 'Theirs') returning id`, { org: other.id }))[0].id;
  ids.otherVersion = (await scopedSql<{ id: string }>(
    system,
    `insert into journey_blueprints (organization_id, title, key, version, status, default_language, definition, content_hash)
     select :org, title, key, version, status, default_language, definition, content_hash from journey_blueprints where id = :id returning id`,
    { org: other.id, id: ids.version },
  ))[0].id;
});
afterAll(async () => {
  await world?.close();
  await db?.destroy();
});

describe('the console pages and forms of authoring and integrations, by role and organization', () => {
  it('answers 403 to every role the permission table does not allow, on every page and form', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const role of userRoles.filter((r) => !isAllowed(r, route.action))) {
        const answer = await call(sessions[role], route.method, route.path());
        checked++;
        if (answer.status !== 403) failures.push(`${role} ${route.method} ${route.path()}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('shows every allowed role the pages it may open', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      for (const role of userRoles.filter((r) => isAllowed(r, route.action))) {
        const answer = await call(sessions[role], 'GET', route.path());
        if (answer.status !== 200) failures.push(`${role} ${route.path()}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows no form to a role that may read but not change', async () => {
    const segments = await call(sessions.coach, 'GET', '/coach/segments');
    expect(segments.text).not.toContain('New segment');
    expect((await call(sessions.training_manager, 'GET', '/coach/segments')).text).toContain('New segment');
    const users = await call(sessions.training_manager, 'GET', '/coach/users');
    expect(users.status).toBe(200);
    expect(users.text).not.toContain('Invite a staff member');
    expect(users.text).not.toContain('Deactivate');
    expect((await call(sessions.org_admin, 'GET', '/coach/users')).text).toContain('Invite a staff member');
    expect((await call(sessions.coach, 'GET', '/coach/programs')).text).not.toContain('New program');
    expect((await call(sessions.content_specialist, 'GET', '/coach/journeys')).text).toContain('New flow');
    expect((await call(sessions.program_manager, 'GET', '/coach/journeys')).text).not.toContain('New flow');
    expect((await call(sessions.training_manager, 'GET', '/coach/webhooks')).text).not.toContain('Add an endpoint');
    expect((await call(sessions.org_admin, 'GET', '/coach/webhooks')).text).toContain('Add an endpoint');
    const readOnlyEndpoint = (await call(sessions.training_manager, 'GET', `/coach/webhooks/${ids.endpoint}`)).text;
    expect(readOnlyEndpoint).not.toContain('Change this endpoint');
    expect(readOnlyEndpoint).not.toContain('Rotate the signing secret');
    expect(readOnlyEndpoint).not.toContain('Delete this endpoint');
    const managedEndpoint = (await call(sessions.org_admin, 'GET', `/coach/webhooks/${ids.endpoint}`)).text;
    expect(managedEndpoint).toContain('Rotate the signing secret');
    expect(managedEndpoint).toContain('Delete this endpoint');
    expect((await call(sessions.training_manager, 'GET', '/coach/lrs')).text).not.toContain('Save LRS');
    expect((await call(sessions.org_admin, 'GET', '/coach/lrs')).text).toContain('Save LRS');
    const challenges = await call(sessions.coach, 'GET', '/coach/challenges');
    expect(challenges.text).toContain('Next week');
    expect(challenges.text).not.toContain('New challenge');
    expect(challenges.text).not.toContain('Cancel Next week');
    expect((await call(sessions.program_manager, 'GET', '/coach/challenges')).text).toContain('New challenge');
  });

  it("refuses the endpoint's rotate and delete forms without the session's form token, or posted from another site", async () => {
    const sealed = async () => (await world.sql<{ secret_ciphertext: string }>('select secret_ciphertext from webhook_endpoints where organization_id = :organization_id and id = :id', { id: ids.endpoint }))[0]?.secret_ciphertext;
    const before = await sealed();
    expect(before).toMatch(/\S/);
    for (const form of ['secret', 'delete']) {
      const url = `http://localhost/coach/webhooks/${ids.endpoint}/${form}`;
      const headers = { cookie: sessions.org_admin.cookie, 'content-type': 'application/x-www-form-urlencoded' };
      const noToken = await world.app.request(url, { method: 'POST', headers: { ...headers, origin: 'http://localhost' }, body: '_csrf=guess' });
      const crossSite = await world.app.request(url, { method: 'POST', headers: { ...headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body: new URLSearchParams({ _csrf: sessions.org_admin.csrf }).toString() });
      expect([form, noToken.status, crossSite.status]).toEqual([form, 403, 403]);
    }
    expect(await sealed()).toBe(before);
  });

  it("answers 404 to another organization's programs, versions and users, and lists none of them", async () => {
    const admin = sessions.org_admin;
    const failures: string[] = [];
    const expectNotFound = async (method: 'GET' | 'POST', path: string, fields?: Record<string, string>) => {
      const answer = await call(admin, method, path, fields);
      if (answer.status !== 404) failures.push(`${method} ${path}: ${answer.status}`);
    };
    await expectNotFound('GET', `/coach/journeys/editor?from=${ids.otherVersion}`);
    await expectNotFound('GET', `/coach/journeys/diff?a=${ids.version}&b=${ids.otherVersion}`);
    await expectNotFound('GET', `/coach/programs/${ids.otherProgram}/manage`);
    for (const t of ['activate', 'pause', 'resume', 'complete']) await expectNotFound('POST', `/coach/programs/${ids.otherProgram}/${t}`);
    await expectNotFound('POST', `/coach/programs/${ids.otherProgram}/enroll`, { choice: 'targets' });
    await expectNotFound('POST', `/coach/users/${ids.otherUser}/role`, { role: 'org_admin' });
    await expectNotFound('POST', `/coach/users/${ids.otherUser}/deactivate`);
    await expectNotFound('GET', `/coach/webhooks/${ids.otherEndpoint}`);
    await expectNotFound('POST', `/coach/webhooks/${ids.otherEndpoint}`, { url: 'https://evil.matrix.test/', events: 'worker.enrolled' });
    await expectNotFound('POST', `/coach/webhooks/${ids.otherEndpoint}/enabled`, { enabled: 'false' });
    await expectNotFound('POST', `/coach/webhooks/${ids.otherEndpoint}/deliveries/1/replay`);
    await expectNotFound('POST', `/coach/webhooks/${ids.otherEndpoint}/secret`);
    await expectNotFound('GET', `/coach/webhooks/${ids.otherEndpoint}/delete`);
    await expectNotFound('POST', `/coach/webhooks/${ids.otherEndpoint}/delete`);
    await expectNotFound('GET', `/coach/challenges/${ids.otherChallenge}/edit`);
    await expectNotFound('POST', `/coach/challenges/${ids.otherChallenge}`, { name: 'Mine now', goal: '5', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-08T00:00:00Z' });
    await expectNotFound('POST', `/coach/challenges/${ids.otherChallenge}/cancel`);
    expect(failures).toEqual([]);
    expect((await call(admin, 'GET', '/coach/webhooks')).text).not.toContain('theirs.matrix.test');
    expect((await call(admin, 'GET', '/coach/users')).text).not.toContain('other@matrix.test');
    const [stillThere] = await scopedSql<{ role: string }>(asSystem(db.orm.em.fork(), 'test check'), 'select role from users where id = :id', { id: ids.otherUser });
    expect(stillThere.role).toBe('coach');
    const [theirs] = await scopedSql<{ name: string; cancelled_at: Date | null }>(asSystem(db.orm.em.fork(), 'test check'), 'select name, cancelled_at from gamification_challenges where id = :id', { id: ids.otherChallenge });
    expect(theirs).toEqual({ name: 'Next week', cancelled_at: null });
    const [theirEndpoint] = await scopedSql<{ secret_ciphertext: string }>(asSystem(db.orm.em.fork(), 'test check'), 'select secret_ciphertext from webhook_endpoints where id = :id', { id: ids.otherEndpoint });
    expect(theirEndpoint.secret_ciphertext).toBe(otherEndpointSealed);
  });
});
