import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { startTwilioApiFake, type TwilioApiFake } from '../fakes/startTwilioApiFake';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createOutboxWorld, TEST_TWILIO_SID, type OutboxWorld } from '../support/outboxWorld';
import { spawnEngineProcess, type EngineProcess } from '../support/spawnEngineProcess';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let twilio: TwilioApiFake;
let graph: GraphApiFake;
let world: OutboxWorld;
let engine: EngineWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  twilio = await startTwilioApiFake({ rateLimitPerSecond: 60 });
  graph = await startGraphApiFake();
  world = createOutboxWorld(db, { twilioBaseUrl: twilio.baseUrl, graphBaseUrl: graph.graphBaseUrl, start: Date.now() });
  engine = await createEngineWorld(db, { flow: 'onboarding' });
});
afterAll(async () => {
  await twilio.close();
  await graph.close();
  await db.destroy();
});

const PER_CHANNEL = 25;
const JOURNEYS = 5;

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('two engine processes on one database', () => {
  it('send every message once and fire every timer once', async () => {
    const org = await world.organization();
    const twilioChannel = await world.channel(org, 'twilio', { accountSid: TEST_TWILIO_SID, from: '+15550007777', sendRatePerSecond: 50 }, { authToken: 'a' });
    const cloudChannel = await world.channel(org, 'cloud_api', { phoneNumberId: '7654321', appId: '1' }, { appSecret: 's', accessToken: 't', verifyToken: 'v' });
    for (const [channel, name] of [[twilioChannel, 'twilio'], [cloudChannel, 'cloud']] as const) {
      for (let i = 0; i < PER_CHANNEL; i++) {
        const worker = await world.worker(org);
        await world.inbound(org, channel, worker.id, Date.now());
        await world.queue(org, channel, worker.id, { body: `${name} ${i}`, priority: i % 3 });
      }
    }
    // Journeys waiting a day for their reflection question: overdue for the processes' clocks.
    const journeyWorkers: string[] = [];
    for (let i = 0; i < JOURNEYS; i++) {
      const worker = await engine.addWorker();
      await engine.enroll(worker.id);
      for (const answer of ['banana', 'TEAM APP', '1']) await engine.say(worker.phoneNumber!, answer);
      journeyWorkers.push(worker.id);
    }

    const env = { ...db.engineEnv, ENCRYPTION_KEY: world.encryptionKey, TWILIO_API_BASE_URL: twilio.baseUrl, GRAPH_API_BASE_URL: graph.graphBaseUrl };
    const spawnStarted = performance.now();
    const processes: EngineProcess[] = await Promise.all([spawnEngineProcess(env), spawnEngineProcess(env)]);
    const workStarted = performance.now();
    let finished = false;
    try {
      await waitFor('every timer fired and every message sent', async () => {
        const [state] = await world.sql<{ unsent: number; reflections: number }>(
          `select (select count(*)::int from messages where direction = 'outbound' and status <> 'sent') as unsent,
                  (select count(*)::int from messages where direction = 'outbound' and touchpoint_key = 'first-day') as reflections`,
        );
        return state.unsent === 0 && state.reflections >= JOURNEYS;
      }, 20_000);
      finished = true;
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      for (const p of processes) if (p.logs().includes('"level":50')) console.error(p.logs());
      if (!finished) await printWhatIsLeft();
    }
    async function printWhatIsLeft() {
      const states = await world.sql(
        `select status, error_code, touchpoint_key, count(*)::int, min(next_attempt_at) as next from messages where direction = 'outbound' and status <> 'sent' group by 1, 2, 3`,
      );
      const timers = await world.sql(`select send_id, due_at from timers order by due_at limit 5`);
      console.info('left unsent or unfired:', JSON.stringify(states), JSON.stringify(timers));
    }
    console.info(`two processes: ready in ${Math.round(workStarted - spawnStarted)} ms, all sent and fired ${Math.round(performance.now() - workStarted)} ms later`);

    const twilioCounts = countBy(twilio.createdMessages().map((m) => String(m.Body)));
    const graphCounts = countBy(graph.sentBodies().map((b) => String((b as { text?: { body?: string } }).text?.body)));
    for (let i = 0; i < PER_CHANNEL; i++) {
      expect(twilioCounts.get(`twilio ${i}`)).toBe(1);
      expect(graphCounts.get(`cloud ${i}`)).toBe(1);
    }
    for (const workerId of journeyWorkers) {
      const reflections = (await engine.log(workerId)).filter((m) => m.touchpoint_key === 'first-day' && m.direction === 'outbound');
      expect(reflections).toHaveLength(1);
    }
    const [{ duplicates }] = await world.sql<{ duplicates: number }>(`select count(*)::int as duplicates from messages where possibly_duplicate`);
    expect(duplicates).toBe(0);
    // About 9 s on an idle two-core machine, mostly starting two tsx processes; more when it is busy.
  }, 60_000);
});
