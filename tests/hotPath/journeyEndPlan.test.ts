import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endJourneyHot } from '../../src/engine/hotJourneyEndStatement';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Parent Relationship'?: string;
  'Subplan Name'?: string;
  Plans?: PlanNode[];
}

/** The relations `node` scans outside any InitPlan (a CTE's is not one here), and those it scans in one. */
function scans(node: PlanNode, inInitPlan = false, found: { joined: string[]; once: string[] } = { joined: [], once: [] }) {
  const initPlan = inInitPlan || (node['Parent Relationship'] === 'InitPlan' && !node['Subplan Name']?.startsWith('CTE '));
  if (node['Relation Name']) (initPlan ? found.once : found.joined).push(node['Relation Name']);
  for (const child of node.Plans ?? []) scans(child, initPlan, found);
  return found;
}

// The worker's timezone (whether a program has started for them) is one value of the statement.
// Joined to every assignment, workers and organizations made the next journey's join eight
// relations: its generic plan took 20 to 40 ms to make on each connection of the hot path.
describe("the journey end's statement", () => {
  it('reads the worker and the organization once, for the timezone, outside the join of assignments, programs and blueprints', async () => {
    const client = new pg.Client({ connectionString: db.directUrl, options: '-c plan_cache_mode=force_generic_plan' });
    await client.connect();
    try {
      const { text } = endJourneyHot.statement;
      const parameters = Math.max(...[...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
      await client.query(`prepare journey_end_plan as ${text}`);
      const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
        `explain (format json) execute journey_end_plan(${Array.from({ length: parameters }, () => 'null').join(', ')})`,
      );
      const { joined, once } = scans(rows[0]!['QUERY PLAN'][0]!.Plan);
      expect(joined).toContain('program_blueprints');
      expect(joined).not.toContain('workers');
      expect(joined).not.toContain('organizations');
      expect(once).toContain('workers');
    } finally {
      await client.end();
    }
  });
});
