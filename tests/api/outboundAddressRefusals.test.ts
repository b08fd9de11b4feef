import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { loopbackReceivers } from '../support/loopbackReceivers';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
/** The guard as deployed: public addresses only; `rebind.example.test` resolves to a private address. */
let world: ApiWorld;
/** An operator who allowed loopback (OUTBOUND_ALLOWED_NETWORKS=127.0.0.0/8,::1/128). */
let allowing: ApiWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db, { outboundPolicy: { allowedNetworks: [], resolveHost: async (host) => (host === 'rebind.example.test' ? ['93.184.215.14', '10.0.0.5'] : []) } });
  allowing = await createApiWorld(db, { outboundPolicy: loopbackReceivers });
});
afterAll(async () => db.destroy());

const internalUrls = [
  ['http://127.0.0.1:8080/hooks', '127.0.0.1 is a loopback address'],
  ['http://2130706433/hooks', '127.0.0.1 is a loopback address'],
  ['http://0x7f.1/hooks', '127.0.0.1 is a loopback address'],
  ['http://[::1]/hooks', '::1 is a loopback address'],
  ['http://[::ffff:7f00:1]/hooks', '::ffff:7f00:1 is a loopback address'],
  ['http://[::ffff:127.0.0.1]/hooks', '::ffff:7f00:1 is a loopback address'],
  ['http://0.0.0.0/hooks', '0.0.0.0 is the unspecified address'],
  ['http://0/hooks', '0.0.0.0 is the unspecified address'],
  ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
  ['http://10.0.0.5/hooks', '10.0.0.5 is a private address'],
  ['https://172.16.4.2/hooks', '172.16.4.2 is a private address'],
  ['http://192.168.1.10/hooks', '192.168.1.10 is a private address'],
  ['http://100.64.0.1/hooks', '100.64.0.1 is a carrier-grade NAT'],
  ['http://[fd00::1]/hooks', 'fd00::1 is a unique-local'],
  ['http://[fe80::1]/hooks', 'fe80::1 is a link-local address'],
  ['http://localhost:3000/hooks', 'localhost resolves to 127.0.0.1, a loopback address'],
  ['http://LOCALHOST./hooks', 'localhost resolves to 127.0.0.1, a loopback address'],
  ['http://admin.localhost/hooks', 'admin.localhost resolves to 127.0.0.1, a loopback address'],
  ['https://rebind.example.test/hooks', 'rebind.example.test resolves to 10.0.0.5, a private address'],
] as const;

describe('webhook endpoints and the LRS may not point inside the network', () => {
  it.each(internalUrls)('refuses an endpoint at %s, naming the field', async (url, why) => {
    const refused = await world.admin('POST', '/v1/webhook-endpoints', { url, events: ['worker.enrolled'] });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'address_not_allowed', field: 'url', message: expect.stringContaining(`url: ${why}`) });
    expect(String((refused.json.error as { message: string }).message)).toContain('OUTBOUND_ALLOWED_NETWORKS');
  });

  it('takes a public host, by name or address, and leaves nothing saved of a refusal', async () => {
    for (const url of ['https://hr.example.test/hooks', 'https://93.184.215.14/hooks', 'https://[2606:4700:4700::1111]/hooks']) {
      expect((await world.admin('POST', '/v1/webhook-endpoints', { url, events: ['worker.enrolled'] })).status).toBe(201);
    }
    const urls = ((await world.admin('GET', '/v1/webhook-endpoints')).json.endpoints as { url: string }[]).map((endpoint) => endpoint.url);
    expect(urls).toEqual(['https://hr.example.test/hooks', 'https://93.184.215.14/hooks', 'https://[2606:4700:4700::1111]/hooks']);
  });

  it('refuses changing an endpoint to an internal URL and keeps the one it had', async () => {
    const id = String((await world.admin('POST', '/v1/webhook-endpoints', { url: 'https://hr.example.test/change', events: ['worker.enrolled'] })).json.id);
    const refused = await world.admin('PATCH', `/v1/webhook-endpoints/${id}`, { url: 'http://169.254.169.254/latest/meta-data/iam/' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'address_not_allowed', field: 'url' });
    expect((await world.admin('GET', `/v1/webhook-endpoints/${id}`)).json.url).toBe('https://hr.example.test/change');
    expect((await world.admin('PATCH', `/v1/webhook-endpoints/${id}`, { events: ['badge.earned'] })).status).toBe(200);
  });

  it.each(internalUrls.filter(([url]) => !url.includes('localhost.')))('refuses an LRS at %s, naming the endpoint field', async (url, why) => {
    const refused = await world.admin('PUT', '/v1/lrs-config', { endpoint: url, username: 'u', password: 'p', homePage: 'https://acme.example.test' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'address_not_allowed', field: 'endpoint', message: expect.stringContaining(`endpoint: ${why}`) });
    expect((await world.admin('GET', '/v1/lrs-config')).json).toEqual({ lrs: null });
  });

  it('takes an LRS at a public host', async () => {
    const saved = await world.admin('PUT', '/v1/lrs-config', { endpoint: 'https://lrs.example.test/xapi/', username: 'u', password: 'p', homePage: 'https://acme.example.test' });
    expect(saved.status).toBe(200);
  });

  it('takes a loopback URL where the operator allowed loopback, and still refuses the rest', async () => {
    expect((await allowing.admin('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks', events: ['worker.enrolled'] })).status).toBe(201);
    expect((await allowing.admin('PUT', '/v1/lrs-config', { endpoint: 'http://localhost:9/xapi/', username: 'u', password: 'p', homePage: 'https://acme.example.test' })).status).toBe(200);
    const metadata = await allowing.admin('POST', '/v1/webhook-endpoints', { url: 'http://169.254.169.254/', events: ['worker.enrolled'] });
    expect(metadata.json.error).toMatchObject({ code: 'address_not_allowed', field: 'url' });
  });
});
