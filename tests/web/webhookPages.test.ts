import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createSecretBox } from '../../src/secrets/secretBox';
import { createWebhookEndpoint } from '../../src/webhooksOut/manageWebhookEndpoints';
import { signInOverHttp } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
const secretBox = createSecretBox(randomBytes(32).toString('hex'));

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding', web: { secretBox } });
});
afterAll(async () => {
  await world?.close();
  await db?.destroy();
});

const get = async (path: string, cookie: string) => {
  const response = await world.app.request(`http://localhost${path}`, { headers: { cookie } });
  return { status: response.status, text: await response.text() };
};

describe('the console pages of event webhooks', () => {
  it('lists the endpoints and shows one endpoint\'s delivery log to whom may read them, and to no one else', async () => {
    const endpoint = await createWebhookEndpoint(world.em(), secretBox, { url: 'https://hr.example.test/hooks', events: ['handoff.requested'] });
    const worker = await world.addWorker();
    await world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'handoff.requested', workerId: worker.id, occurredAt: world.clock.now(), data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } }]));
    await world.addStaff('training_manager', 'tm@webhooks.test');
    await world.addStaff('coach', 'coach@webhooks.test');
    const manager = await signInOverHttp(world.app, 'tm@webhooks.test');

    const list = await get('/coach/webhooks', manager.cookie);
    expect(list.status).toBe(200);
    expect(list.text).toContain('https://hr.example.test/hooks');
    expect(list.text).not.toContain('whsec_');
    const log = await get(`/coach/webhooks/${endpoint.id}`, manager.cookie);
    expect(log.status).toBe(200);
    expect(log.text).toContain('handoff.requested');
    expect(log.text).toContain('pending');

    const coach = await signInOverHttp(world.app, 'coach@webhooks.test');
    expect((await get('/coach/webhooks', coach.cookie)).status).toBe(403);
    expect((await get(`/coach/webhooks/00000000-0000-4000-8000-000000000000`, manager.cookie)).status).toBe(404);
  });

  it('shows the first page for a cursor past the largest delivery id, and replays no such delivery', async () => {
    const endpoint = await createWebhookEndpoint(world.em(), secretBox, { url: 'https://hr.example.test/bigint', events: ['handoff.requested'] });
    await world.addStaff('org_admin', 'owner@webhooks.test');
    const owner = await signInOverHttp(world.app, 'owner@webhooks.test');
    const page = await get(`/coach/webhooks/${endpoint.id}?before=9223372036854775808`, owner.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('https://hr.example.test/bigint');
    const replay = await world.app.request(`http://localhost/coach/webhooks/${endpoint.id}/deliveries/9223372036854775808/replay`, {
      method: 'POST',
      headers: { cookie: owner.cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: owner.csrf }).toString(),
    });
    expect(replay.status).toBe(404);
    expect(await replay.text()).toBe('No delivery 9223372036854775808 of this endpoint.');
  });

  it('refuses an endpoint or LRS inside the network on the console forms, on the field, as the API does', async () => {
    await world.addStaff('org_admin', 'guard@webhooks.test');
    const admin = await signInOverHttp(world.app, 'guard@webhooks.test');
    const post = (path: string, fields: Record<string, string>) =>
      world.app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: { cookie: admin.cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: admin.csrf, ...fields }).toString(),
      });
    const added = await post('/coach/webhooks', { url: 'http://169.254.169.254/latest/meta-data/', events: 'handoff.requested' });
    expect(added.status).toBe(400);
    expect(await added.text()).toMatch(/id="f-url-error"[^>]*>[^<]*169\.254\.169\.254 is a link-local address/);

    const endpoint = await createWebhookEndpoint(world.em(), secretBox, { url: 'https://hr.example.test/guarded', events: ['handoff.requested'] });
    const changed = await post(`/coach/webhooks/${endpoint.id}`, { url: 'http://[::ffff:7f00:1]:8080/', events: 'handoff.requested' });
    expect(changed.status).toBe(400);
    expect(await changed.text()).toMatch(/id="f-url-error"[^>]*>[^<]*::ffff:7f00:1 is a loopback address/);
    expect(await world.sql<{ url: string }>('select url from webhook_endpoints where organization_id = :organization_id and id = :id', { id: endpoint.id })).toEqual([{ url: 'https://hr.example.test/guarded' }]);

    const lrs = await post('/coach/lrs', { endpoint: 'http://10.0.0.5/xapi/', username: 'key-1', password: 'secret', homePage: 'https://acme.example.test', enabled: 'true' });
    expect(lrs.status).toBe(400);
    expect(await lrs.text()).toMatch(/id="f-endpoint-error"[^>]*>[^<]*10\.0\.0\.5 is a private address/);
    expect(await world.sql('select 1 from lrs_configs where organization_id = :organization_id')).toEqual([]);
  });

  it('asks for the LRS password while no LRS is set, naming the field as the API does', async () => {
    await world.addStaff('org_admin', 'admin@webhooks.test');
    const admin = await signInOverHttp(world.app, 'admin@webhooks.test');
    const fields = { endpoint: 'https://lrs.example.test/xapi/', username: 'key-1', homePage: 'https://acme.example.test', enabled: 'true', password: '' };
    const response = await world.app.request('http://localhost/coach/lrs', {
      method: 'POST',
      headers: { cookie: admin.cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: admin.csrf, ...fields }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/id="f-password-error"[^>]*>[^<]*(expected string|>=1|too small)/i);
    expect(await world.sql('select 1 from lrs_configs where organization_id = :organization_id')).toEqual([]);
  });
});
