import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Channel } from '../../src/db/entities/Channel';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { buildCloudApiInbound, buildCloudApiStatus, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { createOrganization } from '../support/factories';
import { createHttpWorld, testSecretBox, type HttpWorld } from '../support/httpWorld';
import { playOnboarding } from '../support/playOnboarding';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiTestChannel } from '../support/testChannels';

const { appSecret, secrets, phoneNumberId, world: channelOptions } = cloudApiTestChannel('0001');
let db: TestDatabase;
let world: HttpWorld;
let graph: GraphApiFake;

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphApiFake();
  world = await createHttpWorld(db, { flow: 'onboarding', ...channelOptions, graphBaseUrl: graph.graphBaseUrl });
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

const path = () => `/webhooks/whatsapp/${world.channel.id}`;
const post = async (body: object | string, secret = appSecret) => {
  const signed = signCloudApiBody(secret, body);
  const response = await world.request(path(), { method: 'POST', headers: signed.headers, body: signed.body });
  await world.processed();
  return response;
};
const countMessages = async (organizationId: string, direction: 'inbound' | 'outbound') =>
  (await scopedSql<{ n: number }>(forOrganization(db.orm.em, organizationId), `select count(*)::int as n from messages where organization_id = :organization_id and direction = :direction`, { direction }))[0].n;
const inboundCount = () => countMessages(world.organization.id, 'inbound');

describe('the Cloud API webhook', () => {
  it("answers Meta's verification handshake", async () => {
    const ok = await world.request(`${path()}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await world.request(`${path()}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
  });

  it('plays a full journey from HMAC-signed webhooks, button replies included', async () => {
    const worker = await world.addWorker({ fullName: 'Lucía Gómez' });
    await playOnboarding(world, worker.id, async (text) => {
      const body = text === '1'
        ? buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, buttonReply: { id: 'call', title: '1' } })
        : buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, text });
      const response = await post(body);
      expect(response.status).toBe(200);
    });
  });

  const mediaOf = async (providerMessageId: string) =>
    (await world.sql<{ media_status: string | null; media_error: string | null; payload: { media?: { providerRef: string } } }>(
      `select media_status, media_error, payload from messages where organization_id = :organization_id and provider_message_id = :id`,
      { id: providerMessageId },
    ))[0];
  const mediaRequests = (mediaId: string) => graph.requests.filter((request) => request.path.includes(mediaId)).length;

  it('stores the message first and keeps its media on disk after, once, however often the provider retries', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    graph.addMedia('MEDIA-1', Buffer.from('fake-jpeg-bytes'), 'image/jpeg');
    const body = buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, id: 'wamid.MEDIA-1', image: { id: 'MEDIA-1', mimeType: 'image/jpeg', caption: 'my badge' } });
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    await world.mediaFetcher.wake();
    const row = await mediaOf('wamid.MEDIA-1');
    expect(row).toMatchObject({ media_status: 'stored', media_error: null });
    expect(readFileSync(join(world.webhooks.mediaDir, row.payload.media?.providerRef ?? ''), 'utf8')).toBe('fake-jpeg-bytes');
    expect(mediaRequests('MEDIA-1')).toBe(2); // one lookup, one download
  });

  it('answers 200 and logs the message when its media can never be downloaded, the failure recorded on the message', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const response = await post(buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, id: 'wamid.MEDIA-GONE', image: { id: 'MEDIA-GONE', mimeType: 'image/jpeg' } }));
    expect(response.status).toBe(200);
    await world.mediaFetcher.wake();
    const row = await mediaOf('wamid.MEDIA-GONE');
    expect(row.media_status).toBe('failed');
    expect(row.media_error).toContain('100');
  });

  it('streams a large file to disk and stops at the size cap, leaving no file and saying why', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const served = graph.addStreamedMedia('MEDIA-HUGE', 512 * 1024 * 1024, 'video/mp4');
    expect((await post(buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, id: 'wamid.MEDIA-HUGE', image: { id: 'MEDIA-HUGE', mimeType: 'video/mp4' } }))).status).toBe(200);
    await world.mediaFetcher.wake();
    const row = await mediaOf('wamid.MEDIA-HUGE');
    expect(row.media_status).toBe('failed');
    expect(row.media_error).toContain('too_large');
    expect(readdirSync(join(world.webhooks.mediaDir, world.channel.id)).filter((name) => name.includes('MEDIA-HUGE'))).toEqual([]);
    // The cap is 1 MiB: the read stopped long before the 512 MiB the server would have sent.
    expect(served.sent()).toBeLessThan(64 * 1024 * 1024);
  });

  it("never fetches an unknown sender's media", async () => {
    graph.addMedia('MEDIA-STRANGER', Buffer.from('not for us'), 'image/jpeg');
    expect((await post(buildCloudApiInbound({ phoneNumberId, from: '+15559990077', id: 'wamid.MEDIA-STRANGER', image: { id: 'MEDIA-STRANGER', mimeType: 'image/jpeg' } }))).status).toBe(200);
    await world.mediaFetcher.wake();
    expect(await mediaOf('wamid.MEDIA-STRANGER')).toMatchObject({ media_status: null, payload: {} });
    expect(mediaRequests('MEDIA-STRANGER')).toBe(0);
  });

  it('routes each entry by phone_number_id, and drops numbers of another Meta app', async () => {
    const foreignNumber = '1055500002';
    const foreign = world.em();
    const foreignId = randomUUID();
    foreign.create(Channel, {
      id: foreignId, organization: world.organization.id, kind: 'cloud_api', name: 'Other app', address: foreignNumber,
      settings: { phoneNumberId: foreignNumber, appId: '4242000002' }, secretsCiphertext: testSecretBox.seal(secrets, foreignId),
    });
    await foreign.flush();
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const before = await inboundCount();
    const response = await post(buildCloudApiInbound({ phoneNumberId: foreignNumber, from: worker.phoneNumber!, text: 'STOP' }));
    expect(response.status).toBe(200);
    expect(await inboundCount()).toBe(before);
  });

  it("refuses another organization's channel that claims this Meta app id: its entries for this number, signed with its own secret, reach nothing; its own entries do", async () => {
    const attackerSecret = 'attacker-app-secret-0002';
    const attackerNumber = '1055500009';
    const attackerOrganization = (await createOrganization(asSystem(db.orm.em, 'test setup'), 'Attacker')).id;
    const attacker = forOrganization(db.orm.em, attackerOrganization);
    const attackerChannel = randomUUID();
    attacker.create(Channel, {
      id: attackerChannel, organization: attackerOrganization, kind: 'cloud_api', name: 'Claims the victim app', address: attackerNumber,
      settings: { phoneNumberId: attackerNumber, appId: '4242000001' }, secretsCiphertext: testSecretBox.seal({ ...secrets, appSecret: attackerSecret }, attackerChannel),
    });
    await attacker.flush();
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const before = { inbound: await inboundCount(), outbound: await countMessages(world.organization.id, 'outbound'), attacker: await countMessages(attackerOrganization, 'inbound') };

    // One POST, two entries: a STOP "from" this organization's worker to its number, and a message to the attacker's own number.
    const forged = buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, text: 'STOP' }) as { entry: object[] };
    const own = buildCloudApiInbound({ phoneNumberId: attackerNumber, from: '+15550009901', text: 'hello' }) as { entry: object[] };
    const signed = signCloudApiBody(attackerSecret, { object: 'whatsapp_business_account', entry: [...forged.entry, ...own.entry] });
    const response = await world.request(`/webhooks/whatsapp/${attackerChannel}`, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(response.status).toBe(200);
    await world.processed();

    expect({ inbound: await inboundCount(), outbound: await countMessages(world.organization.id, 'outbound'), attacker: await countMessages(attackerOrganization, 'inbound') })
      .toEqual({ ...before, attacker: before.attacker + 1 });
    const [stored] = await world.sql<{ status: string; opted_out_at: Date | null }>(`select status, opted_out_at from workers where organization_id = :organization_id and id = :id`, { id: worker.id });
    expect(stored).toEqual({ status: 'active', opted_out_at: null });
  });

  it('stores a message whose profile name has a broken emoji and whose text has U+0000, answering 200 (a retry could never help)', async () => {
    const worker = await world.addWorker();
    const response = await post(buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, profileName: 'Ana \uD83D', text: 'ba\u0000nana' }));
    expect(response.status).toBe(200);
    const [inbound] = await world.sql<{ body: string; payload: { profileName: string } }>(
      `select body, payload from messages where organization_id = :organization_id and worker_id = :worker and direction = 'inbound'`,
      { worker: worker.id },
    );
    expect(inbound).toEqual({ body: 'banana', payload: { profileName: 'Ana \uFFFD' } });
  });

  it('rejects bad signatures and malformed bodies without storing anything', async () => {
    const worker = await world.addWorker();
    const before = await inboundCount();
    const body = buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, text: 'hi' });
    expect((await post(body, 'wrong-secret')).status).toBe(403);
    expect((await world.request(path(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(403);
    const broken = await post('{"object": "whatsapp_business_account", "entry": [');
    expect(broken.status).toBe(400);
    const wrongType = await post({ object: 'whatsapp_business_account', entry: 'not-a-list' });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(await wrongType.json())).toContain('entry');
    expect((await post({ object: 'whatsapp_business_account', entry: [], padding: 'x'.repeat(100_000) })).status).toBe(413);
    expect(await inboundCount()).toBe(before);
  });

  it('answers 400 naming the field for an id longer than the database holds or a time past the year 9999, instead of losing the message', async () => {
    const worker = await world.addWorker();
    const before = await inboundCount();
    const longId = await post(buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, text: 'hi', id: `wamid.${'a'.repeat(123)}` }));
    expect(longId.status).toBe(400);
    expect(await longId.json()).toMatchObject({ error: { field: 'entry[0].changes[0].value.messages[0].id', message: expect.stringContaining('at most 128 characters') } });
    const farFuture = await post(buildCloudApiInbound({ phoneNumberId, from: worker.phoneNumber!, text: 'hi', timestamp: 1e20 }));
    expect(await farFuture.json()).toMatchObject({ error: { field: 'entry[0].changes[0].value.messages[0].timestamp' } });
    const status = await post(buildCloudApiStatus({ phoneNumberId, id: 'w'.repeat(129), status: 'delivered', recipient: worker.phoneNumber! }));
    expect(await status.json()).toMatchObject({ error: { field: 'entry[0].changes[0].value.statuses[0].id' } });
    expect(await inboundCount()).toBe(before);
  });

  it('moves statuses forward only (read before delivered ends as read)', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const [queued] = await world.sql<{ id: string }>(
      `select id from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq limit 1`,
      { worker: worker.id },
    );
    await world.sql(`update messages set status = 'sent', provider_message_id = 'wamid.OUT-1' where organization_id = :organization_id and id = :id`, { id: queued.id });
    for (const status of ['read', 'delivered'] as const) {
      expect((await post(buildCloudApiStatus({ phoneNumberId, id: 'wamid.OUT-1', status, recipient: worker.phoneNumber! }))).status).toBe(200);
    }
    const [row] = await world.sql<{ status: string }>('select status from messages where organization_id = :organization_id and id = :id', { id: queued.id });
    expect(row.status).toBe('read');
  });

  it('keeps a status delivered twice before its send is recorded once', async () => {
    const worker = await world.addWorker();
    const status = buildCloudApiStatus({ phoneNumberId, id: 'wamid.DUP-1', status: 'delivered', recipient: worker.phoneNumber! });
    for (let delivery = 0; delivery < 2; delivery++) expect((await post(status)).status).toBe(200);
    expect(await world.sql(`select status from pending_statuses where organization_id = :organization_id and provider_message_id = 'wamid.DUP-1'`)).toEqual([{ status: 'delivered' }]);
  });
});
