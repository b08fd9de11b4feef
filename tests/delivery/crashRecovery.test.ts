import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioApiFake, type TwilioApiFake } from '../fakes/startTwilioApiFake';
import { createOutboxWorld, TEST_TWILIO_SID, type OutboxWorld } from '../support/outboxWorld';
import { spawnEngineProcess } from '../support/spawnEngineProcess';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let twilio: TwilioApiFake;
let world: OutboxWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  twilio = await startTwilioApiFake();
  world = createOutboxWorld(db, { twilioBaseUrl: twilio.baseUrl, start: Date.now() });
});
afterAll(async () => {
  await twilio.close();
  await db.destroy();
});

const COUNT = 40;

describe('a crash in the middle of a burst', () => {
  it('sends every message after a restart, none twice except those marked possibly duplicated', async () => {
    const org = await world.organization();
    const channel = await world.channel(org, 'twilio', { accountSid: TEST_TWILIO_SID, from: '+15550008888', sendRatePerSecond: 40 }, { authToken: 'auth' });
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const worker = await world.worker(org);
      await world.inbound(org, channel, worker.id, Date.now());
      ids.push(await world.queue(org, channel, worker.id, { body: `Lesson ${i}`, priority: 1 }));
    }
    const env = {
      ...db.engineEnv,
      // The child opens channel secrets with the world's key.
      ENCRYPTION_KEY: world.encryptionKey,
      TWILIO_API_BASE_URL: twilio.baseUrl,
      // Longer than a send's claim-to-answer in a fresh process on a busy machine (its first send loads
      // the Twilio SDK), or recovery would take that send for one of a dead instance and fail it.
      SEND_LEASE_MS: '15000',
    };
    // After a third of the burst, two sends reach the provider but never get an answer: in doubt
    // when the process dies (set before the start: on a busy machine the burst can outrun the test).
    twilio.failAfter(COUNT / 3, 'hang', 'hang');
    const first = await spawnEngineProcess(env);
    await waitFor('the hanging sends', () => twilio.createdMessages().length >= COUNT / 3 + 3);
    await first.kill();

    const [{ sending }] = await world.sql<{ sending: number }>(`select count(*)::int as sending from messages where status = 'sending'`);
    expect(sending).toBeGreaterThan(0);

    const second = await spawnEngineProcess(env);
    try {
      // More than waitFor's default 20 s: a busy machine (CI's pooled run) is slow to start tsx and recover.
      await waitFor('every message sent', async () => {
        const [{ left }] = await world.sql<{ left: number }>(
          `select count(*)::int as left from messages where direction = 'outbound' and status <> 'sent'`,
        );
        return left === 0;
      }, 75_000);
    } finally {
      await second.stop();
    }

    const rows = await world.sql<{ body: string; possibly_duplicate: boolean }>(
      `select body, possibly_duplicate from messages where direction = 'outbound'`,
    );
    const requests = new Map<string, number>();
    for (const created of twilio.createdMessages()) requests.set(String(created.Body), (requests.get(String(created.Body)) ?? 0) + 1);
    const duplicated = rows.filter((row) => (requests.get(row.body) ?? 0) > 1);
    expect(rows).toHaveLength(COUNT);
    for (const row of rows) expect(requests.get(row.body) ?? 0).toBeGreaterThanOrEqual(1);
    for (const row of duplicated) {
      expect(row.possibly_duplicate).toBe(true);
      expect(requests.get(row.body)).toBe(2);
    }
    expect(duplicated.length).toBeGreaterThanOrEqual(2);
    console.info(`crash test: ${twilio.createdMessages().length} provider requests for ${COUNT} messages, ${rows.filter((r) => r.possibly_duplicate).length} marked possibly duplicated`);
    // About 9 s on an idle two-core machine, mostly starting two tsx processes; more when it is busy.
  }, 120_000);
});
