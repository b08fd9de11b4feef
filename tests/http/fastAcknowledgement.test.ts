import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { buildCloudApiInbound, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { createHttpWorld, type HttpWorld } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiTestChannel } from '../support/testChannels';

const { appSecret, phoneNumberId, world: channelOptions } = cloudApiTestChannel('0016');
let db: TestDatabase;
let world: HttpWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createHttpWorld(db, { flow: 'onboarding', ...channelOptions });
});
afterAll(() => db.destroy());

type Envelope = { entry: { changes: { value: { messages: object[] } }[] }[] };

/** One Cloud API POST carrying several messages in one entry, as Meta batches them. */
function postMessages(...messages: { from: string; text: string; id?: string }[]) {
  const [first, ...rest] = messages.map((message) => buildCloudApiInbound({ phoneNumberId, ...message }) as Envelope);
  first.entry[0].changes[0].value.messages.push(...rest.flatMap((body) => body.entry[0].changes[0].value.messages));
  const signed = signCloudApiBody(appSecret, first);
  return world.request(`/webhooks/whatsapp/${world.channel.id}`, { method: 'POST', headers: signed.headers, body: signed.body });
}

const count = async (sql: string) => (await world.sql<{ n: number }>(sql))[0].n;
const inbound = () => count(`select count(*)::int as n from messages where organization_id = :organization_id and direction = 'inbound'`);
const queued = () => count(`select count(*)::int as n from inbound_queue where organization_id = :organization_id`);

/** Holds `lock table messages in exclusive mode` until released: every step waits, the webhook must not. */
async function blockEveryStep() {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = () => undefined as void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = asSystem(db.orm.em, 'test: block steps').transactional(async (tx) => {
    await scopedSql(tx, 'lock table messages in exclusive mode');
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await holding;
  };
}

const within = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))]);

describe('a webhook answered once its messages are durable, the step right behind', () => {
  it('answers 200 while the step is blocked on a lock, then runs it', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const before = await inbound();
    const unblock = await blockEveryStep();
    const response = await within(Promise.resolve(postMessages({ from: worker.phoneNumber!, text: 'Team app' })), 5_000);
    expect(response).not.toBe('still waiting');
    expect((response as Response).status).toBe(200);
    expect(await queued()).toBe(1);
    expect(await inbound()).toBe(before);
    await unblock();
    await world.processed();
    expect(await inbound()).toBe(before + 1);
    expect(await queued()).toBe(0);
    expect((await world.log(worker.id)).filter((m) => m.direction === 'outbound').length).toBeGreaterThan(1);
  });

  it('drops a provider retry of a queued message at the door, and applies the message once', async () => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const before = await inbound();
    const unblock = await blockEveryStep();
    const message = { from: worker.phoneNumber!, text: 'Team app', id: 'wamid.RETRIED-0016' };
    expect((await postMessages(message)).status).toBe(200);
    expect((await postMessages(message, message)).status).toBe(200);
    expect(await queued()).toBe(1);
    await unblock();
    await world.processed();
    expect(await inbound()).toBe(before + 1);
    // A retry after the step ran is dropped by the step's own deduplication.
    expect((await postMessages(message)).status).toBe(200);
    await world.processed();
    expect(await inbound()).toBe(before + 1);
  });

  it('costs one statement for a batch of messages, beside the channel lookups', async () => {
    const workers = await Promise.all([world.addWorker(), world.addWorker(), world.addWorker()]);
    const connection = db.orm.em.getConnection();
    const statements: string[] = [];
    const execute = connection.execute.bind(connection);
    const spy = vi.spyOn(connection, 'execute').mockImplementation((query, ...rest) => {
      statements.push(typeof query === 'string' ? query : String(query));
      return execute(query, ...rest);
    });
    try {
      const response = await postMessages(...workers.map((worker, i) => ({ from: worker.phoneNumber!, text: `hello ${i}` })));
      expect(response.status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    // Statements after the insert are the processor's, woken by it.
    const upToInsert = statements.slice(0, statements.findIndex((sql) => sql.includes('insert into inbound_queue')) + 1);
    expect(upToInsert.filter((sql) => sql.includes('inbound_queue'))).toHaveLength(1);
    expect(upToInsert.filter((sql) => !/from "?channels"?/.test(sql))).toHaveLength(1);
    expect(upToInsert.length).toBeLessThanOrEqual(3); // the called channel, the number's channels, the insert
    await world.processed();
    expect(await queued()).toBe(0);
  });

  it('puts the messages of concurrent webhooks into shared statements (group commit)', async () => {
    const workers = await Promise.all(Array.from({ length: 8 }, () => world.addWorker()));
    const connection = db.orm.em.getConnection();
    let inserts = 0;
    const execute = connection.execute.bind(connection);
    const spy = vi.spyOn(connection, 'execute').mockImplementation((query, ...rest) => {
      if (String(query).includes('insert into inbound_queue')) inserts++;
      return execute(query, ...rest);
    });
    try {
      const responses = await Promise.all(workers.map((worker) => postMessages({ from: worker.phoneNumber!, text: 'hi' })));
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    } finally {
      spy.mockRestore();
    }
    expect(inserts).toBeLessThan(8);
    await world.processed();
  });
});
