import { describe, expect, it } from 'vitest';
import { hotClaimParams } from '../../src/delivery/claimOnHotPath';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { hotClaimStatement } from '../../src/delivery/hotClaimStatement';
import { executeOf, inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

// The claim locks the rows it picked by joining them back to messages, and re-checks that they are
// still queued. Planned on a young outbox (no statistics, partitions of a page), that re-check let
// the join take the outbox's partial index of queued rows with no condition: every queued row read
// for each picked one (hundreds of blocks a call in the bench's backlog, growing with it).
describe("the outbox claim's lock of its picked rows", () => {
  it('finds each picked row by its key (id, created_at) in every partition, planned on an empty outbox', async () => {
    await inRolledBackTransaction(world(), async (client) => {
      const name = await prepareGeneric(client, hotClaimStatement);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${executeOf(client, name, hotClaimStatement, hotClaimParams(defaultDeliveryPolicy, Date.now(), 20))}`);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');

      const byKey = plan.match(/Index Cond: \(\(id = picked\.id\) AND \(created_at = picked\.created_at\) AND \(created_at >= \$\d+\)\)/g) ?? [];
      const partitions = (await client.query(`select 1 from pg_inherits where inhparent = 'messages'::regclass`)).rowCount;
      expect(byKey).toHaveLength(partitions ?? 0);
      expect(plan).not.toMatch(/Filter: .*\(picked\.id = id\)/);
    });
  });

  it("looks for each picked row's last inbound message in this month's partition only, by the worker's inbound index", async () => {
    await inRolledBackTransaction(world(), async (client) => {
      const name = await prepareGeneric(client, hotClaimStatement);
      const now = Date.UTC(2026, 11, 7, 12);
      await client.query(`select ensure_messages_partition(month::date) from unnest(array['2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01']) month`);
      const literal = (value: unknown) =>
        value === null ? 'null' : client.escapeLiteral(value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));
      const values = hotClaimStatement.values(hotClaimParams(defaultDeliveryPolicy, now, 20));
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) execute ${name}(${values.map(literal).join(', ')})`);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');

      const lastInbound = /Sort Key: i\.seq DESC\n\s+Subplans Removed: (\d+)\n\s+->  Index Only Scan Backward using (\w+) on (\w+) i_1\n(?!\s+->)/.exec(plan);
      const partitions = (await client.query(`select 1 from pg_inherits where inhparent = 'messages'::regclass`)).rowCount ?? 0;
      expect(lastInbound?.slice(1)).toEqual([String(partitions - 1), expect.stringMatching(/^messages_p2026_12_worker_id_seq/), 'messages_p2026_12']);
    });
  });
});

