import { describe, expect, it } from 'vitest';
import { nextWakeSql } from '../../src/delivery/findOutboxCandidates';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** The generic plan (as the hot path's connections make it) of `sql` with `:now` as `$1` and `:queuedSince` as `$2` (no bound). */
async function genericPlan(sql: string): Promise<string> {
  const hot = world().deps.hot;
  if (!hot) throw new Error('the outbox world opens the hot path');
  const client = await hot.pool.connect();
  try {
    // One transaction: behind a transaction-mode pooler the prepared statement stays on its server connection.
    await client.query('begin');
    await client.query('set local plan_cache_mode = force_generic_plan');
    await client.query(`prepare queued_channels_plan(timestamptz, timestamptz) as ${sql.replace(/:now\b/g, '$1').replace(/:queuedSince\b/g, '$2')}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>("explain (costs off) execute queued_channels_plan(now(), '-infinity')");
    await client.query('deallocate queued_channels_plan');
    await client.query('commit');
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe('the skip scan of channels with queued messages', () => {
  it('reads the queued partial index even when the statistics were taken while most messages were queued', async () => {
    const organization = await world().organization();
    const channel = await world().channel(organization, 'console');
    await world().queueBulk(organization, channel, 400, 15_570_000_000);
    // Statistics of a queue full of queued rows (as the bench's, taken right after its workers are enrolled)…
    await world().sql('analyze messages');
    // …then the queue is sent: a plan that walked the channel's messages by (channel, direction, created_at) would read them all.
    await world().sql(`update messages set status = 'sent' where channel_id = :channel`, { channel });

    const plan = await genericPlan(nextWakeSql);
    expect(plan).toMatch(/channel_id_priority_seq_idx/);
    expect(plan).not.toMatch(/channel_id_direction_created_at_idx/);
  });
});
