import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { createWorker } from '../support/factories';
import { asSystem } from '../../src/db/tenancy/scopes';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
});
afterAll(async () => db.destroy());

describe('the event webhook and LRS routes', () => {
  it('creates an endpoint with its secret shown once, lists, changes, rotates and deletes it', async () => {
    const created = await world.admin('POST', '/v1/webhook-endpoints', { url: 'https://hr.example.test/hooks', events: ['quiz.answered', 'worker.enrolled'], description: 'HR' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ url: 'https://hr.example.test/hooks', events: ['quiz.answered', 'worker.enrolled'], enabled: true, secret: expect.stringMatching(/^whsec_/) });
    const id = String(created.json.id);
    const listed = await world.admin('GET', '/v1/webhook-endpoints');
    expect(JSON.stringify(listed.json)).not.toContain('whsec_');
    expect(listed.json.endpoints).toHaveLength(1);
    const rotated = await world.admin('PATCH', `/v1/webhook-endpoints/${id}`, { rotateSecret: true, events: ['badge.earned'] });
    expect(rotated.json).toMatchObject({ events: ['badge.earned'], secret: expect.stringMatching(/^whsec_/) });
    expect(rotated.json.secret).not.toBe(created.json.secret);
    expect((await world.admin('DELETE', `/v1/webhook-endpoints/${id}`)).status).toBe(204);
    expect((await world.admin('GET', `/v1/webhook-endpoints/${id}`)).status).toBe(404);
  });

  it('refuses a bad URL or an unknown event type, naming the field', async () => {
    const badUrl = await world.admin('POST', '/v1/webhook-endpoints', { url: 'ftp://x.example.test', events: ['worker.enrolled'] });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json.error).toMatchObject({ field: 'url' });
    const badEvent = await world.admin('POST', '/v1/webhook-endpoints', { url: 'https://x.example.test', events: ['worker.hired'] });
    expect(badEvent.status).toBe(400);
    expect(String((badEvent.json.error as { field: string }).field)).toMatch(/^events/);
  });

  it("shows an endpoint's delivery log, replays a delivery, and keeps other organizations' logs apart", async () => {
    const id = String((await world.admin('POST', '/v1/webhook-endpoints', { url: 'https://hr.example.test/log', events: ['handoff.requested'] })).json.id);
    const worker = await createWorker(asSystem(db.orm.em, 'test setup'), world.a.id);
    await world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'handoff.requested', workerId: worker.id, occurredAt: world.clock.now(), data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } }]));
    const log = await world.admin('GET', `/v1/webhook-endpoints/${id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.json.deliveries).toEqual([expect.objectContaining({ eventType: 'handoff.requested', workerId: worker.id, status: 'pending', attempts: 0 })]);
    const deliveryId = String((log.json.deliveries as { id: string }[])[0].id);
    // Still pending: on its way already, so a replay beside it would send the event twice at once.
    const early = await world.admin('POST', `/v1/webhook-endpoints/${id}/deliveries/${deliveryId}/replay`);
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ code: 'delivery_in_flight', field: 'deliveryId', message: expect.stringContaining('still pending') });
    await world.sql(`update event_deliveries set status = 'failed' where organization_id = :organization_id and id = :id::bigint`, { id: deliveryId });
    const replayed = await world.admin('POST', `/v1/webhook-endpoints/${id}/deliveries/${deliveryId}/replay`);
    expect(replayed.status).toBe(202);
    expect(((await world.admin('GET', `/v1/webhook-endpoints/${id}/deliveries`)).json.deliveries as unknown[]).length).toBe(2);
    expect((await world.admin('POST', `/v1/webhook-endpoints/${id}/deliveries/999999999/replay`)).status).toBe(404);
    // One past the largest bigint: refused before PostgreSQL sees it.
    expect((await world.admin('POST', `/v1/webhook-endpoints/${id}/deliveries/9223372036854775808/replay`)).json.error).toMatchObject({ code: 'delivery_not_found', field: 'deliveryId' });
    for (const cursor of ['99999999999999999999', '9223372036854775808']) {
      const refused = await world.admin('GET', `/v1/webhook-endpoints/${id}/deliveries?cursor=${cursor}`);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ field: 'cursor', message: 'cursor must be the nextCursor of a previous page' });
    }
    expect((await world.call(world.b.keys.org_admin, 'GET', `/v1/webhook-endpoints/${id}/deliveries`)).status).toBe(404);
  });

  it('sets the LRS with a sealed password never shown, and removes it', async () => {
    expect((await world.admin('GET', '/v1/lrs-config')).json).toEqual({ lrs: null });
    const saved = await world.admin('PUT', '/v1/lrs-config', { endpoint: 'https://lrs.example.test/xapi/', username: 'u', password: 'secret-password', homePage: 'https://acme.example.test' });
    expect(saved.status).toBe(200);
    expect(saved.json.lrs).toMatchObject({ endpoint: 'https://lrs.example.test/xapi/', sendFreeText: false, enabled: true });
    expect(saved.text).not.toContain('secret-password');
    const [row] = await world.sql<{ password_ciphertext: string }>(`select password_ciphertext from lrs_configs where organization_id = :organization_id`);
    expect(row.password_ciphertext).not.toContain('secret-password');
    expect((await world.call(world.b.keys.org_admin, 'GET', '/v1/lrs-config')).json).toEqual({ lrs: null });
    expect((await world.admin('DELETE', '/v1/lrs-config')).status).toBe(204);
    expect((await world.admin('GET', '/v1/lrs-config')).json).toEqual({ lrs: null });
  });
});
