import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTwilioInboundForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { listenForNotifications } from '../../src/db/listenForNotifications';
import { asSystem } from '../../src/db/tenancy/scopes';
import { createLogger } from '../../src/logging/createLogger';
import { countStatements } from '../support/countStatements';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createHttpWorld, TEST_PUBLIC_URL, type HttpWorld } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { twilioTestChannel } from '../support/testChannels';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let world: EngineWorld;
let counter: ReturnType<typeof countStatements>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
  counter = countStatements(db);
});
afterAll(() => db.destroy());

async function enrolledWorker() {
  const worker = await world.addWorker();
  await world.enroll(worker.id);
  return worker;
}

describe("the inbound step's round trips", () => {
  it('are two for an answer, whether it earns nothing or earns points (BEGIN with the read-lock-log statement, then every write, the ledger included, with COMMIT); nothing on the ORM', async () => {
    const worker = await enrolledWorker();
    const ledgerEntries = async () => (await world.sql<{ n: number }>('select count(*)::int as n from gamification_ledger where organization_id = :organization_id and worker_id = :worker', { worker: worker.id }))[0]!.n;
    counter.reset();
    expect(await world.say(worker.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    expect({ hot: counter.hotRoundTrips, orm: counter.ormStatements }).toEqual({ hot: 2, orm: 0 });

    const before = await ledgerEntries();
    counter.reset();
    expect(await world.say(worker.phoneNumber!, 'TEAM APP')).toMatchObject({ kind: 'advanced' });
    expect({ hot: counter.hotRoundTrips, orm: counter.ormStatements }).toEqual({ hot: 2, orm: 0 });
    expect(await ledgerEntries()).toBeGreaterThan(before);
  });

  it('are two for a provider retry of a message already handled: the read, which logs nothing, and COMMIT', async () => {
    const worker = await enrolledWorker();
    await world.say(worker.phoneNumber!, 'banana', { providerMessageId: 'SM-retried' });
    counter.reset();
    expect(await world.say(worker.phoneNumber!, 'banana', { providerMessageId: 'SM-retried' })).toEqual({ kind: 'duplicate' });
    expect({ hot: counter.hotRoundTrips, orm: counter.ormStatements }).toEqual({ hot: 2, orm: 0 });
  });

  it('leave a keyword to the ORM path without touching the hot pool', async () => {
    const worker = await enrolledWorker();
    counter.reset();
    expect(await world.say(worker.phoneNumber!, 'HELP')).toMatchObject({ kind: 'keyword' });
    expect(counter.hotRoundTrips).toBe(0);
  });
});

describe("the hot path's row descriptions", () => {
  it('come once per statement and connection: a step on a connection that ran its statements before is sent and answered without Describe, and still reads its rows', async () => {
    const first = await enrolledWorker();
    expect(await world.say(first.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    const second = await enrolledWorker();
    counter.reset();
    // The same statements on the same (idle, reused) connection: their columns are known there.
    expect(await world.say(second.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    // Behind a transaction-mode pooler every statement is parsed unnamed, so each is described again.
    const pooled = inject('testPoolerPort') > 0;
    expect({ hot: counter.hotRoundTrips, described: counter.hotRowDescriptions }).toEqual({ hot: 2, described: pooled ? 2 : 0 });
    // Its rows were read all the same: the step's read gave the machine its state, the write queued the same replies.
    const replies = async (workerId: string) =>
      (await world.sql<{ body: string }>("select body from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq", { worker: workerId })).map((row) => row.body);
    expect(await replies(second.id)).toEqual(await replies(first.id));
  });
});

// A claim round of the inbound processor on the ORM's connection: BEGIN, the advisory lock, its plan setting, the claim (deleting the rows done), COMMIT.
const CLAIM_STATEMENTS = 5;

describe("a webhook's statements, end to end", () => {
  let http: HttpWorld;
  let httpCounter: ReturnType<typeof countStatements>;
  const { authToken, businessNumber, world: channelOptions } = twilioTestChannel();
  let httpDb: TestDatabase;

  beforeAll(async () => {
    httpDb = await createTestDatabase();
    http = await createHttpWorld(httpDb, { flow: 'onboarding', ...channelOptions });
    httpCounter = countStatements(httpDb);
  });
  afterAll(() => httpDb.destroy());

  it('are the channel read and the queue insert for the webhook, then the claim and the two round trips of the step, and no channel read while its changes are heard', async () => {
    const worker = await http.addWorker();
    await http.enroll(worker.id);
    const route = `/webhooks/twilio/${http.channel.id}`;
    const post = async (body: string) => {
      const signed = signTwilioRequest(authToken, `${TEST_PUBLIC_URL}${route}`, buildTwilioInboundForm({ from: worker.phoneNumber!, to: businessNumber, body }));
      return http.request(route, { method: 'POST', headers: signed.headers, body: signed.body });
    };
    expect((await post('banana')).status).toBe(200);
    await http.processed();
    httpCounter.reset();
    // The request: the channel row and one INSERT into inbound_queue; behind it the step's two
    // round trips (the answer earns points, written with the step) and the processor's claim rounds (one that takes the row, one that deletes it
    // once done, one that finds nothing left), which a surge shares among many senders.
    expect((await post('TEAM APP')).status).toBe(200);
    await http.processed();
    expect(httpCounter.hotRoundTrips).toBe(2);
    expect(httpCounter.ormStatements).toBeLessThanOrEqual(2 + 3 * CLAIM_STATEMENTS);

    // While channel changes are heard (the engine LISTENs on channel_changed), the channel comes from memory.
    const { registry } = http.webhooks;
    const channelRead = async () => {
      httpCounter.reset();
      expect(await registry.byId(asSystem(httpDb.orm.em, 'test routing'), http.channel.id)).toMatchObject({ id: http.channel.id });
      return httpCounter.ormStatements;
    };
    const listener = listenForNotifications(httpDb.directUrl, 'channel_changed', registry.changes, createLogger('silent'));
    try {
      await waitFor('the listener to listen', async () => (await channelRead(), (await channelRead()) === 0));
      // A change to the channel row is heard, and the channel read again.
      await http.sql(`update channels set name = 'Renamed' where organization_id = :organization_id and id = :id`, { id: http.channel.id });
      await waitFor('the change to be heard', async () => (await channelRead()) > 0);
      expect(await channelRead()).toBe(0);
    } finally {
      await listener.close();
    }
  });
});
