import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blocksOf } from '../support/genericPlanBlocks';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// A database each: the rows a rolled-back test inserted still fill pages, which the next plan would count.
let db: TestDatabase;
let pool: pg.Pool;
beforeEach(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.directUrl, max: 1 });
});
afterEach(async () => {
  await pool?.end();
  await db?.destroy();
});

/** The query PostgreSQL runs to check a row that names a worker (as pg_stat_statements shows it, lower-cased). */
const foreignKeyCheck = `select 1 from only "public"."workers" x where "id" operator(pg_catalog.=) $1 and "organization_id" operator(pg_catalog.=) $2 for key share of x`;

/** `count` workers of `organization`, answering the last one's id. */
async function addWorkers(client: pg.PoolClient, organization: string, count: number): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `insert into workers (organization_id, full_name, phone_number)
     select $1, 'Worker ' || n, '+1555' || lpad((n + (select count(*) from workers))::text, 7, '0') from generate_series(1, $2::int) n
     returning id`,
    [organization, count],
  );
  return rows[rows.length - 1]!.id;
}

/** Blocks this transaction has read of the workers table and its indexes. */
async function workerBlocksRead(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `select sum(pg_stat_get_xact_blocks_fetched(oid)) as n from pg_class where oid = 'workers'::regclass
        or oid in (select indexrelid from pg_index where indrelid = 'workers'::regclass)`,
  );
  return Number(rows[0]!.n);
}

/** Runs `work` in a rolled-back transaction on a database without statistics, plans generic (as a backend keeps them). */
async function withOrganization(work: (client: pg.PoolClient, organization: string) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local plan_cache_mode = force_generic_plan');
    const { rows } = await client.query<{ id: string }>(`insert into organizations (name, type, subscription_tier) values ('Org', 'client', 'basic') returning id`);
    await work(client, rows[0]!.id);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

// Planned without statistics while the organization had few workers, the check once walked the
// console list's (organization_id, phone, id) index, every worker of the organization, to find one
// (45 blocks here, 11 a call in the bench's third round); the unique (id, organization_id) index reads 4.
describe('the foreign-key check of a worker reads one index entry, however many workers the organization has', () => {
  it('its plan, made with 10 workers, then run with 5,010 (no statistics)', async () => {
    await withOrganization(async (client, organization) => {
      const first = await addWorkers(client, organization, 10);
      await client.query(`prepare worker_key_check(uuid, uuid) as ${foreignKeyCheck}`);
      await client.query(`execute worker_key_check(${client.escapeLiteral(first)}, ${client.escapeLiteral(organization)})`);
      const last = await addWorkers(client, organization, 5_000);

      expect(await blocksOf(client, `execute worker_key_check(${client.escapeLiteral(last)}, ${client.escapeLiteral(organization)})`)).toBeLessThan(8);
    });
  });

  it('the check PostgreSQL runs for a domain event, its plan made with 10 workers, then run with 5,010', async () => {
    await withOrganization(async (client, organization) => {
      const event = (worker: string) =>
        client.query(`insert into domain_events (organization_id, worker_id, type, occurred_at, data) values ($1, $2, 'test', now(), '{}')`, [organization, worker]);
      await event(await addWorkers(client, organization, 10));
      const last = await addWorkers(client, organization, 5_000);

      const before = await workerBlocksRead(client);
      await event(last);
      expect(await workerBlocksRead(client) - before).toBeLessThan(8);
    });
  });
});
