import { describe, expect, it } from 'vitest';
import { hotClaimParams } from '../../src/delivery/claimOnHotPath';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { hotClaimStatement } from '../../src/delivery/hotClaimStatement';
import { executeOf, inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

interface PlanNode {
  'Relation Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** How many times the executed plan scanned `relation` (loops of every node that reads it). */
function scansOf(node: PlanNode, relation: string): number {
  const own = node['Relation Name'] === relation ? (node['Actual Loops'] ?? 0) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + scansOf(child, relation), 0);
}

// The claim reads a channel's row (and its organization's) once with the queued channels that are
// ready, and hands its facts to each of the channel's rows: joined again per claimed row, the
// channel and the organization cost an index probe each for every message claimed.
describe("the outbox claim's channel and organization facts", () => {
  it('are read once per ready channel, not once per claimed message', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      for (let n = 0; n < 4; n++) {
        const worker = await world().worker(organization);
        await client.query(
          `insert into messages (organization_id, channel_id, worker_id, direction, body, status, priority, created_at)
           values ($1, $2, $3, 'outbound', 'reply', 'queued', 0, now())`,
          [organization, channel, worker.id],
        );
      }
      const name = await prepareGeneric(client, hotClaimStatement);
      const claim = executeOf(client, name, hotClaimStatement, hotClaimParams(defaultDeliveryPolicy, Date.now(), 20));
      const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (analyze, format json) ${claim}`);
      const plan = rows[0]!['QUERY PLAN'][0]!.Plan;

      expect(scansOf(plan, 'workers')).toBe(4);
      expect(scansOf(plan, 'channels')).toBe(1);
      expect(scansOf(plan, 'organizations')).toBe(1);
    });
  });
});
