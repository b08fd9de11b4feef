import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimLockStatements, claimStatement } from '../../src/inbound/claimQueuedSenders';
import { openIntakePool } from '../../src/inbound/openIntakePool';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
});
afterEach(() => world.sql(`delete from inbound_queue where organization_id = :organization_id`));
afterAll(() => db.destroy());

/** Queues `rows` messages of 200 senders, in turn. */
async function fillQueue(rows: number): Promise<void> {
  await world.sql(
    `insert into inbound_queue (organization_id, channel_id, sender, provider_message_id, message, received_at)
     select :organization_id, :channel, '+1555' || lpad((n % 200)::text, 7, '0'), 'plan-' || n, '{}', now() from generate_series(1, :rows) n`,
    { channel: world.channel.id, rows },
  );
}

/** Statistics of the queue as it is now (autovacuum's, in production; the CI server runs without it). */
async function analyzeQueue(): Promise<void> {
  const pool = openIntakePool(db.directUrl);
  try {
    await pool.query('analyze inbound_queue');
  } finally {
    await pool.end();
  }
}

/** The claim's generic plan, made as on the intake's connections: once, in a claim's transaction. */
async function genericClaimPlan(): Promise<string> {
  const pool = openIntakePool(db.directUrl);
  try {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('set local plan_cache_mode = force_generic_plan');
      for (const statement of claimLockStatements) await client.query(statement);
      await client.query(`prepare claim_plan(bigint[], timestamptz, int, text, timestamptz) as ${claimStatement.text}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) execute claim_plan('{}', now(), 8, 'plan', now())`);
      await client.query('commit');
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

/** One sender at a time through the sender index: neither a table scan nor a hash over a whole scan (of an index, even). */
function expectIndexedPlan(plan: string): void {
  expect(plan).toMatch(/inbound_queue_sender_index/);
  expect(plan).not.toMatch(/Seq Scan on inbound_queue/);
  expect(plan).not.toMatch(/Hash/);
}

describe("the inbound claim's generic plan", () => {
  it('reads the queue through its indexes under statistics of a full queue whose rows are now mostly dead', async () => {
    await fillQueue(4000);
    await analyzeQueue();
    // A plan that hashed the table would read every dead row on every claim.
    await world.sql(`delete from inbound_queue where organization_id = :organization_id and id < (select max(id) - 200 from inbound_queue)`);

    expectIndexedPlan(await genericClaimPlan());
  });

  it('reads the queue through its indexes when made while the queue was nearly empty (the connection keeps it for the backlogs to come)', async () => {
    await fillQueue(20);
    await analyzeQueue();

    expectIndexedPlan(await genericClaimPlan());
  });
});
