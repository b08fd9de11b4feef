import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Channel } from '../../src/db/entities/Channel';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { buildCloudApiInbound, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { createOrganization } from '../support/factories';
import { createHttpWorld, testSecretBox, type HttpWorld } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// Organization A: the victim, with its Cloud API number on Meta app 4242000001.
const appId = '4242000001';
const victimSecrets = { appSecret: 'victim-app-secret-0001', accessToken: 'EAAG-victim-token', verifyToken: 'victim-verify-token' };
const victimNumber = '1055500101';
// Organization B: claims A's app id with its own app secret, for a number of its own.
const attackerSecrets = { appSecret: 'attacker-app-secret-0002', accessToken: 'EAAG-attacker-token', verifyToken: 'attacker-verify-token' };
const attackerNumber = '1055500102';

let db: TestDatabase;
let world: HttpWorld;
let graph: GraphApiFake;
let attacker: { organizationId: string; channelId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphApiFake();
  world = await createHttpWorld(db, {
    flow: 'onboarding',
    channelKind: 'cloud_api',
    channelAddress: victimNumber,
    channelSettings: { phoneNumberId: victimNumber, appId },
    secrets: victimSecrets,
    graphBaseUrl: graph.graphBaseUrl,
  });
  const organizationId = (await createOrganization(asSystem(db.orm.em, 'test setup'), 'Attacker')).id;
  const em = forOrganization(db.orm.em, organizationId);
  const channelId = randomUUID();
  em.create(Channel, {
    id: channelId, organization: organizationId, kind: 'cloud_api', name: 'Claims the victim app', address: attackerNumber,
    settings: { phoneNumberId: attackerNumber, appId }, secretsCiphertext: testSecretBox.seal(attackerSecrets, channelId),
  });
  await em.flush();
  attacker = { organizationId, channelId };
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

const countMessages = async (organizationId: string, direction: 'inbound' | 'outbound') =>
  (await scopedSql<{ n: number }>(forOrganization(db.orm.em, organizationId), `select count(*)::int as n from messages where organization_id = :organization_id and direction = :direction`, { direction }))[0].n;

describe('a Cloud API channel that claims another organization’s Meta app id', () => {
  it("cannot post entries for that organization's phone number id signed with its own secret: nothing reaches it, its own entries still do", async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const victimBefore = { inbound: await countMessages(world.organization.id, 'inbound'), outbound: await countMessages(world.organization.id, 'outbound') };
    const attackerBefore = await countMessages(attacker.organizationId, 'inbound');

    // One POST, two entries: a STOP "from" the victim's worker to the victim's number, and a message to the attacker's own number.
    const forged = buildCloudApiInbound({ phoneNumberId: victimNumber, from: worker.phoneNumber!, text: 'STOP' }) as { entry: object[] };
    const own = buildCloudApiInbound({ phoneNumberId: attackerNumber, from: '+15550009901', text: 'hello' }) as { entry: object[] };
    const signed = signCloudApiBody(attackerSecrets.appSecret, { object: 'whatsapp_business_account', entry: [...forged.entry, ...own.entry] });
    const response = await world.request(`/webhooks/whatsapp/${attacker.channelId}`, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(response.status).toBe(200);

    expect(await countMessages(world.organization.id, 'inbound')).toBe(victimBefore.inbound);
    expect(await countMessages(world.organization.id, 'outbound')).toBe(victimBefore.outbound);
    const [stored] = await world.sql<{ status: string; opted_out_at: Date | null }>(`select status, opted_out_at from workers where organization_id = :organization_id and id = :id`, { id: worker.id });
    expect(stored).toEqual({ status: 'active', opted_out_at: null });
    expect(await countMessages(attacker.organizationId, 'inbound')).toBe(attackerBefore + 1);
  });

  it("still takes the victim's own webhooks, signed with the victim's secret", async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const before = await countMessages(world.organization.id, 'inbound');
    const signed = signCloudApiBody(victimSecrets.appSecret, buildCloudApiInbound({ phoneNumberId: victimNumber, from: worker.phoneNumber!, text: 'hi' }));
    const response = await world.request(`/webhooks/whatsapp/${world.channel.id}`, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(response.status).toBe(200);
    expect(await countMessages(world.organization.id, 'inbound')).toBe(before + 1);
  });
});
