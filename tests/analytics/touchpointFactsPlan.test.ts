import { describe, expect, it } from 'vitest';
import { touchpointFactsSql } from '../../src/analytics/touchpointFactsSql';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { useEngineWorld } from '../support/useEngineWorld';
import { seedAnalyticsProgram } from './seedAnalyticsProgram';

const world = useEngineWorld({ flow: 'onboarding' });

class RolledBack extends Error {}

/** Shared blocks of the facts insert for the world's program, `explain (analyze, buffers)` in a transaction rolled back. */
async function factsInsertBlocks(): Promise<number> {
  let blocks = 0;
  await world().em().transactional(async (tx) => {
    await scopedSql(tx, `delete from analytics_touchpoint_facts where organization_id = :organization_id and program_id = :program`, { program: world().program.id });
    const [row] = await scopedSql<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(
      tx, `explain (analyze, buffers, format json) ${touchpointFactsSql}`, { program: world().program.id },
    );
    const plan = row['QUERY PLAN'][0].Plan;
    blocks = (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    throw new RolledBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RolledBack)) throw error;
  });
  return blocks;
}

// Without statistics a condition on the organization was ANDed into each conversation's message
// lookup (its whole index of the organization's messages read per conversation), and the
// program's rows were joined by nested loops: the blocks grew with the organization's messages.
describe('the facts insert reads the enrolments\' own rows (no statistics)', () => {
  it('four enrolments beside 20,000 other messages of the organization', async () => {
    await seedAnalyticsProgram(world());
    await world().sql(
      `insert into messages (organization_id, channel_id, direction, body, status, created_at)
       select :organization_id, channel_id, 'outbound', 'elsewhere', 'sent', created_at from messages, generate_series(1, 20000 / (select count(*) from messages where organization_id = :organization_id)::int + 1)
        where organization_id = :organization_id`,
    );

    // 186 blocks; the SQL before read 1,200.
    expect(await factsInsertBlocks()).toBeLessThan(400);
  });
});
