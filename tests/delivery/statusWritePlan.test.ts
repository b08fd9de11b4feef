import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { toArrayLiteral } from '../../src/db/toArrayLiteral';
import { applyCrossed, writeStatusBatch } from '../../src/delivery/writeStatusUpdates';
import type { SystemStatement } from '../../src/hotPath/systemStatement';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** Sent messages on `channel` with provider ids `${prefix}-1`…`${prefix}-${count}`. */
async function sentMessages(client: pg.PoolClient, organization: string, channel: string, prefix: string, count: number): Promise<void> {
  await client.query(
    `insert into messages (organization_id, channel_id, direction, body, status, provider_message_id, created_at, sent_at)
     select $1, $2, 'outbound', 'hello', 'sent', $4 || '-' || n, now(), now() from generate_series(1, $3::int) n`,
    [organization, channel, count, prefix],
  );
}

/** Shared blocks (hit or read) the execution of `explain (analyze, buffers)` reports. */
async function blocksOf(client: pg.PoolClient, statement: string): Promise<number> {
  const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(`explain (analyze, buffers, format json) ${statement}`);
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
}

let prepared = 0;

/** `statement` prepared as the hot path prepares it (generic plan), in the caller's transaction, under a name of its own: answers the name. */
async function prepare(client: pg.PoolClient, statement: SystemStatement): Promise<string> {
  const name = `${statement.prepared.name}_plan_${(prepared += 1)}`;
  await client.query('set local plan_cache_mode = force_generic_plan');
  await client.query(`prepare ${name} as ${statement.prepared.text}`);
  return name;
}

/** `execute` of the status batch for provider ids `pids` (delivered) of `channel`. */
function statusBatch(client: pg.PoolClient, name: string, organization: string, channel: string, pids: string[]): string {
  const values = writeStatusBatch.values({
    orgs: toArrayLiteral(pids.map(() => organization)),
    channels: toArrayLiteral(pids.map(() => channel)),
    providerIds: toArrayLiteral(pids),
    statuses: toArrayLiteral(pids.map(() => 'delivered')),
    ats: toArrayLiteral(pids.map(() => new Date())),
    codes: toArrayLiteral(pids.map(() => null)),
    reasons: toArrayLiteral(pids.map(() => null)),
    ords: toArrayLiteral(pids.map((_, index) => index)),
  });
  return `execute ${name}(${values.map((value) => client.escapeLiteral(String(value))).join(', ')})`;
}

/** Runs `work` in one transaction on a hot-path connection, rolled back (behind a transaction-mode pooler the prepared statement stays on its server connection). */
async function inRolledBackTransaction(work: (client: pg.PoolClient, organization: string, channel: string) => Promise<void>): Promise<void> {
  const hot = world().deps.hot;
  if (!hot) throw new Error('the outbox world opens the hot path');
  const organization = await world().organization();
  const channel = await world().channel(organization, 'console');
  const client = await hot.pool.connect();
  try {
    await client.query('begin');
    await work(client, organization, channel);
  } finally {
    // Rolled back with the rows; the statements prepared under their own names stay on the connection until it closes.
    await client.query('rollback');
    client.release();
  }
}

// A status's message is looked up by its provider id: one probe of each partition's provider-id
// index, whatever else the table holds. Joined as a whole (the old SQL), a generic plan hashed every
// outbound message: its blocks grew with the table (hundreds a call in the bench).
describe('the blocks of writing provider statuses do not grow with the messages table', () => {
  it('two statuses on a plan made while the table was small, then 10,000 more sent messages (no statistics)', async () => {
    await inRolledBackTransaction(async (client, organization, channel) => {
      await sentMessages(client, organization, channel, 'early', 3);
      const name = await prepare(client, writeStatusBatch);
      await client.query(statusBatch(client, name, organization, channel, ['early-1']));
      await sentMessages(client, organization, channel, 'late', 10_000);

      expect(await blocksOf(client, statusBatch(client, name, organization, channel, ['late-1', 'late-2']))).toBeLessThan(150);
    });
  });

  it('the sweep of two kept statuses among 10,000 sent messages', async () => {
    await inRolledBackTransaction(async (client, organization, channel) => {
      await sentMessages(client, organization, channel, 'late', 10_000);
      await client.query(
        `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values ($1, $2, 'late-1', 'delivered', now()), ($1, $2, 'late-2', 'delivered', now())`,
        [organization, channel],
      );
      const name = await prepare(client, applyCrossed);

      expect(await blocksOf(client, `execute ${name}`)).toBeLessThan(150);
    });
  });
});
