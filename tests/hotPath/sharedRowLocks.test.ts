import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/engine/handleInbound';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { holdHotTransactions } from '../support/holdHotTransactions';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
let prober: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'bench-quiz' });
  prober = new pg.Client({ connectionString: db.directUrl });
  await prober.connect();
});
afterAll(async () => {
  await prober.end();
  await db.destroy();
});

/**
 * Whether another transaction could lock the row `for update` right now. A foreign key check takes
 * `for key share` on the row it references, which `for update` waits for: so `false` while a
 * transaction that checked a key to the row is open. (PostgreSQL counts the checks only in
 * pg_stat_statements, which a server may not load; this asks the row itself.)
 */
async function free(table: 'organizations' | 'channels' | 'workers', id: string): Promise<boolean> {
  await prober.query('begin');
  try {
    await prober.query(`select 1 from ${table} where id = $1 for update nowait`, [id]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  } finally {
    await prober.query('rollback');
  }
}

describe("an inbound step's locks on rows every worker shares", () => {
  it("leave the organization's row alone while the step writes its messages, progress, events, their deliveries and ledger entries (its channel's row is still checked by the messages' key)", async () => {
    // An LRS: the step's learning events get a delivery each.
    await world.sql(
      `insert into lrs_configs (organization_id, endpoint, username, password_ciphertext, home_page) values (:organization_id, 'https://lrs.example', 'u', 'sealed', 'https://example.com')`,
    );
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const written = async () => (await world.sql<{ events: number; deliveries: number; entries: number }>(
      `select (select count(*)::int from domain_events where organization_id = :organization_id and worker_id = :worker) as events,
              (select count(*)::int from event_deliveries where organization_id = :organization_id and worker_id = :worker) as deliveries,
              (select count(*)::int from gamification_ledger where organization_id = :organization_id and worker_id = :worker) as entries`,
      { worker: worker.id },
    ))[0]!;
    const before = await written();
    const seen: Record<string, boolean>[] = [];
    const hot = holdHotTransactions(db.hot, async () => {
      seen.push({
        organization: await free('organizations', world.organization.id),
        channel: await free('channels', world.channel.id),
        worker: await free('workers', worker.id),
      });
    });

    const outcome = await handleInbound({ ...world.deps, hot }, { id: world.channel.id, organizationId: world.organization.id }, {
      providerMessageId: `locks-${randomUUID()}`, from: worker.phoneNumber!, at: world.clock.now(), text: '1',
    });

    expect(outcome).toMatchObject({ kind: 'advanced' });
    const after = await written();
    expect(after.events).toBeGreaterThan(before.events);
    expect(after.deliveries).toBeGreaterThan(before.deliveries);
    expect(after.entries).toBeGreaterThan(before.entries);
    expect(seen.length).toBeGreaterThan(0);
    for (const locks of seen) expect(locks).toEqual({ organization: true, channel: false, worker: false });
  });
});
