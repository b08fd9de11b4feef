import { describe, expect, it } from 'vitest';
import { hotClaimStatement } from '../../src/delivery/hotClaimStatement';
import { inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

const parameters = Math.max(...[...hotClaimStatement.prepared.text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));

// The claim locks the rows it picked by joining them back to messages, and re-checks that they are
// still queued. Planned on a young outbox (no statistics, partitions of a page), that re-check let
// the join take the outbox's partial index of queued rows with no condition: every queued row read
// for each picked one (hundreds of blocks a call in the bench's backlog, growing with it).
describe("the outbox claim's lock of its picked rows", () => {
  it('finds each picked row by its key (id, created_at) in every partition, planned on an empty outbox', async () => {
    await inRolledBackTransaction(world(), async (client) => {
      const name = await prepareGeneric(client, hotClaimStatement);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) execute ${name}(${Array.from({ length: parameters }, () => 'null').join(', ')})`);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');

      const byKey = plan.match(/Index Cond: \(\(id = picked\.id\) AND \(created_at = picked\.created_at\)\)/g) ?? [];
      const partitions = (await client.query(`select 1 from pg_inherits where inhparent = 'messages'::regclass`)).rowCount;
      expect(byKey).toHaveLength(partitions ?? 0);
      expect(plan).not.toMatch(/Filter: .*\(picked\.id = id\)/);
    });
  });
});
