import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createdAtBounds } from '../../src/delivery/createdAtBounds';
import { recordReleasesStatement, recordRetriesStatement, recordSentStatement } from '../../src/delivery/sendResultStatements';
import type { SystemStatement } from '../../src/hotPath/systemStatement';
import { toArrayLiteral } from '../../src/db/toArrayLiteral';
import { blocksOf, executeOf, inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** `count` outbound messages of `channel` being sent: their ids and created_at. */
async function sendingMessages(client: pg.PoolClient, organization: string, channel: string, count: number): Promise<Array<{ id: string; created_at: Date }>> {
  const { rows } = await client.query<{ id: string; created_at: Date }>(
    `insert into messages (organization_id, channel_id, direction, body, status, claimed_at, created_at)
     select $1, $2, 'outbound', 'hello', 'sending', now(), now() from generate_series(1, $3::int) returning id, created_at`,
    [organization, channel, count],
  );
  return rows;
}

type Rows = Array<{ id: string; created_at: Date }>;
const batches: Array<[string, SystemStatement, (rows: Rows) => Parameters<SystemStatement['values']>[0]]> = [
  ['sent', recordSentStatement, (rows) => ({
    ids: toArrayLiteral(rows.map((r) => r.id)),
    providerIds: toArrayLiteral(rows.map((r) => `wamid.${r.id}`)),
    ats: toArrayLiteral(rows.map(() => new Date())),
    waits: toArrayLiteral(rows.map(() => null)),
    ...createdAtBounds(rows.map((r) => r.created_at)),
  })],
  ['retried', recordRetriesStatement, (rows) => ({
    ids: toArrayLiteral(rows.map((r) => r.id)),
    nexts: toArrayLiteral(rows.map(() => new Date())),
    codes: toArrayLiteral(rows.map(() => 'timeout')),
    reasons: toArrayLiteral(rows.map(() => 'the provider did not answer')),
    doubts: toArrayLiteral(rows.map(() => false)),
    ...createdAtBounds(rows.map((r) => r.created_at)),
  })],
  ['released', recordReleasesStatement, (rows) => ({ ids: toArrayLiteral(rows.map((r) => r.id)), ...createdAtBounds(rows.map((r) => r.created_at)) })],
];

// Each result is written to its message found by id. Generic plans are made once per connection,
// often while the tables are young: a plan of the sent batch made on an empty or small outbox hashed,
// merged or filtered a whole partition (its seq scan, or the channel index on created_at alone), and
// one made later read the batch from the partial index of sending rows, which keeps an entry for
// every row that was ever sending until a vacuum: in both, the blocks grew with every send (863 a
// batch of three after 9,000 sends in the bench, whose server runs without autovacuum).
const cases = batches.flatMap(([kind, statement, params]) => [1, 300].map((young) => [kind, young, statement, params] as const));

describe('the blocks of writing send results do not grow with the sends before them', () => {
  it.each(cases)('%s: two results on a plan made among %i sends, after 10,000 more (no vacuum, no statistics)', async (_kind, young, statement, params) => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      const before = await sendingMessages(client, organization, channel, young);
      const name = await prepareGeneric(client, statement);
      await client.query(executeOf(client, name, statement, params(before.slice(0, 1))));
      const earlier = await sendingMessages(client, organization, channel, 10_000);
      await client.query(`update messages set status = 'sent', sent_at = now() where id = any($1::uuid[])`, [earlier.map((row) => row.id)]);

      const batch = await sendingMessages(client, organization, channel, 2);
      expect(await blocksOf(client, executeOf(client, name, statement, params(batch)))).toBeLessThan(100);
      const { rows } = await client.query<{ status: string }>(`select status from messages where id = any($1::uuid[])`, [batch.map((row) => row.id)]);
      expect(rows.map((row) => row.status)).not.toContain('sending');
    });
  });
});
