import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger';
import { createSecretBox } from '../../src/secrets/secretBox';
import type { EventSenderDependencies } from '../../src/webhooksOut/eventSenderDependencies';
import { RETRY_DELAYS_MS } from '../../src/webhooksOut/retrySchedule';
import { deliverDueStatements } from '../../src/webhooksOut/xapi/deliverDueStatements';
import { saveLrsConfig } from '../../src/webhooksOut/xapi/lrsConfig';
import { startLrsFake, type LrsFake } from '../fakes/startLrsFake';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { loopbackOutboundFetch } from '../support/loopbackReceivers';
import { playOnboarding } from '../support/playOnboarding';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const secretBox = createSecretBox(randomBytes(32).toString('hex'));
const credentials = { username: 'engine', password: 'lrs-password-1' };
let db: TestDatabase;
let lrs: LrsFake;

beforeAll(async () => {
  db = await createTestDatabase();
  lrs = await startLrsFake(credentials);
});
afterAll(async () => {
  await lrs.close();
  await db.destroy();
});

async function worldWithLrs(sendFreeText: boolean): Promise<{ world: EngineWorld; deps: EventSenderDependencies }> {
  const world = await createEngineWorld(db, { flow: 'onboarding' });
  await saveLrsConfig(world.em(), secretBox, world.organization.id, { endpoint: `${lrs.baseUrl}/xapi/`, ...credentials, homePage: 'https://acme.example.com', sendFreeText, enabled: true });
  return { world, deps: { orm: db.orm, clock: world.clock, logger: createLogger('silent'), secretBox, outboundFetch: loopbackOutboundFetch(), timeoutMs: 1_000 } };
}

async function deliverAll(deps: EventSenderDependencies): Promise<void> {
  while ((await deliverDueStatements(deps)) > 0);
}

const statementsOf = (workerId: string) => lrs.statements.filter((statement) => 'account' in statement.actor && statement.actor.account?.name === workerId);

describe('xAPI statements to a learning record store', () => {
  it('sends every learning event of a journey as a valid xAPI 1.0.3 statement, the worker an account, never the phone', async () => {
    const { world, deps } = await worldWithLrs(false);
    const worker = await world.addWorker({ phoneNumber: '+15557100001' });
    await playOnboarding(world, worker.id, async (text) => void (await world.say('+15557100001', text)));
    await deliverAll(deps);

    const statements = statementsOf(worker.id);
    expect(statements.map((statement) => statement.verb.display?.['en-US'])).toEqual([
      'completed', 'completed', 'answered', 'completed', 'answered', 'completed', 'earned', 'responded', 'completed', 'completed', 'earned', 'passed', 'completed',
    ]);
    expect(JSON.stringify(statements)).not.toContain('+15557100001');
    expect(statements.every((statement) => statement.actor.objectType === 'Agent' && 'account' in statement.actor && statement.actor.account?.homePage === 'https://acme.example.com')).toBe(true);
    const quiz = statements.find((statement) => statement.verb.id === 'http://adlnet.gov/expapi/verbs/answered');
    expect(quiz?.object).toMatchObject({ id: 'https://acme.example.com/journeys/onboarding/touchpoints/q-schedule' });
    expect(quiz?.result).toMatchObject({ success: true, score: { raw: 1, min: 0, max: 1, scaled: 1 } });
    const journey = statements.find((statement) => statement.verb.id === 'http://adlnet.gov/expapi/verbs/passed');
    expect(journey?.result).toMatchObject({ completion: true, success: true, score: { raw: 2, min: 0, max: 2, scaled: 1 } });
    // Free text may not leave: the reflection goes without its words.
    const reflection = statements.find((statement) => statement.verb.id === 'http://adlnet.gov/expapi/verbs/responded');
    expect(reflection?.result).toBeUndefined();
    expect(JSON.stringify(statements)).not.toContain('Tiring');
    const rows = await world.sql<{ status: string }>(`select status from event_deliveries where organization_id = :organization_id and target = 'xapi'`);
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);
  });

  it('sends free text only where the organization allows it, and retries a batch the LRS refused', async () => {
    const { world, deps } = await worldWithLrs(true);
    const worker = await world.addWorker({ phoneNumber: '+15557100002' });
    lrs.failNext(1, 503);
    await playOnboarding(world, worker.id, async (text) => void (await world.say('+15557100002', text)));
    await deliverAll(deps);
    expect(statementsOf(worker.id)).toHaveLength(0);
    const [pending] = await world.sql<{ status: string; last_status: number; attempts: number }>(
      `select status, last_status, attempts from event_deliveries where organization_id = :organization_id and target = 'xapi' order by id limit 1`,
    );
    expect(pending).toMatchObject({ status: 'pending', last_status: 503, attempts: 1 });

    world.clock.advance(RETRY_DELAYS_MS[0]);
    await deliverAll(deps);
    const reflection = statementsOf(worker.id).find((statement) => statement.verb.id === 'http://adlnet.gov/expapi/verbs/responded');
    expect(reflection?.result?.response).toBe('Tiring, but I learned a lot.');
    expect(statementsOf(worker.id)).toHaveLength(13);
  });
});
