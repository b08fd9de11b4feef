import { describe, expect, it } from 'vitest';
import { readInboundStep } from '../../src/engine/hotInboundStatements';
import { inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

// A deployment keeps months of `messages` (retention is unset by default). The step's look for the
// worker's last outbound message binds `created_at` by its `at`, so the generic plan starts a scan
// of the months that bound spans only, however many are kept.
describe("the inbound step's read", () => {
  it("looks for the worker's last outbound message in the months of the last eight days only", async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      await client.query(`select ensure_messages_partition(month::date) from unnest(array['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01']) month`);
      const name = await prepareGeneric(client, { prepared: readInboundStep, values: () => [] });
      const at = new Date(Date.UTC(2026, 11, 20, 12)).toISOString();
      const values = [organization, channel, '+15550001', 'wamid.plan', 'hello', '{}', at, null, null, '["quizAnswered"]'];
      const literal = (value: string | null) => (value === null ? 'null' : client.escapeLiteral(value));
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) execute ${name}(${values.map(literal).join(', ')})`);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      // The look's subplan, from its merge of partitions by seq to the next subplan.
      const lastOutbound = /Sort Key: m\.seq DESC\n[\s\S]*?(?=\n\s+SubPlan)/.exec(plan)?.[0] ?? '';
      const scanned = [...lastOutbound.matchAll(/ on (messages_\w+) m_\d+/g)].map((match) => match[1]);
      expect(scanned).toEqual(['messages_p2026_12']);
    });
  });
});
