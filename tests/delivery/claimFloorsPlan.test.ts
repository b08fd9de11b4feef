import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { hotClaimParams } from '../../src/delivery/claimOnHotPath';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { hotClaimStatement } from '../../src/delivery/hotClaimStatement';
import { createOutboxFloors, noFloors, type FloorParameters } from '../../src/delivery/outboxFloors';
import { blocksOf, executeOf, inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** `execute` of the prepared hot claim `name` with `floors`, as the dispatcher binds it. */
function claimWith(client: pg.PoolClient, name: string, floors: FloorParameters): string {
  return executeOf(client, name, hotClaimStatement, hotClaimParams(defaultDeliveryPolicy, Date.now(), 20, floors));
}

/** `count` replies queued on `channel` (to a number, no worker), `seq` given when set: their ids and highest seq. */
async function queueReplies(client: pg.PoolClient, organization: string, channel: string, count: number, seq?: number): Promise<{ ids: string[]; lastSeq: number }> {
  const { rows } = await client.query<{ id: string; seq: string }>(
    `insert into messages (organization_id, channel_id, direction, body, payload, status, priority, created_at${seq === undefined ? '' : ', seq'})
     ${seq === undefined ? '' : 'overriding system value'}
     select $1, $2, 'outbound', 'reply', '{"to": "+15550100"}', 'queued', 0, now()${seq === undefined ? '' : ', $4::bigint'} from generate_series(1, $3::int)
     returning id, seq`,
    seq === undefined ? [organization, channel, count] : [organization, channel, count, seq],
  );
  return { ids: rows.map((row) => row.id), lastSeq: Math.max(...rows.map((row) => Number(row.seq))) };
}

async function statusOf(client: pg.PoolClient, id: string): Promise<string> {
  const { rows } = await client.query<{ status: string }>('select status from messages where id = $1', [id]);
  return rows[0]!.status;
}

// Every row queued and claimed leaves its entry in the outbox's partial index until a vacuum
// (autovacuum comes late on a big partition, and the bench's server runs without it): a claim that
// read each channel's range from its start walked all of them (9,166 blocks a claim in the bench
// after 35,000 rows had passed through its outbox). The dispatcher's floors start each range past them.
describe("the outbox claim's blocks do not grow with the rows that passed through the outbox", () => {
  it('claims a new reply on a channel 20,000 replies went through (no vacuum) reading under 150 blocks with the floors it has', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      // No full scan falls due while the test runs (20,000 rows take over a second on a busy machine).
      const floors = createOutboxFloors({ fullScanEveryMs: 600_000 });
      const name = await prepareGeneric(client, hotClaimStatement);
      // The first claim is a full scan: it reads the channel's 20,000 queued replies and claims 20.
      const passed = await queueReplies(client, organization, channel, 20_000);
      const first = floors.forClaim(Date.now());
      const { rows } = await client.query<{ floors_read: Array<[string, number, number]> }>(claimWith(client, name, first.params));
      floors.settle(first, rows[0]!.floors_read, undefined);
      // The rest go out as the claims after it take them, each moving the floor past what it took.
      await client.query(`update messages set status = 'sent', sent_at = now() where id = any($1::uuid[])`, [passed.ids]);
      floors.settle(floors.forClaim(Date.now()), [[channel, 0, passed.lastSeq + 1]], undefined);

      const reply = await queueReplies(client, organization, channel, 1);
      const fullScan = await blocksOf(client, claimWith(client, name, noFloors));
      const again = await queueReplies(client, organization, channel, 1);
      const floored = floors.forClaim(Date.now());
      expect(floored.full).toBe(false);
      const fromFloors = await blocksOf(client, claimWith(client, name, floored.params));

      // The full scan walks the dead entries (1,583 blocks when written); from the floors, a few pages.
      expect(fullScan).toBeGreaterThan(1_000);
      expect(fromFloors).toBeLessThan(150);
      expect(await statusOf(client, reply.ids[0]!)).toBe('sending');
      expect(await statusOf(client, again.ids[0]!)).toBe('sending');
    });
  });

  it('leaves a row queued below its floor to the next full scan, which claims it', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      const floors = createOutboxFloors({ fullScanEveryMs: 500 });
      const name = await prepareGeneric(client, hotClaimStatement);
      const first = await queueReplies(client, organization, channel, 1);
      const full = floors.forClaim(Date.now());
      const { rows } = await client.query<{ floors_read: Array<[string, number, number]> }>(claimWith(client, name, full.params));
      floors.settle(full, rows[0]!.floors_read, undefined);
      expect(rows[0]!.floors_read).toEqual([[channel, 0, first.lastSeq + 1]]);
      // Well past the margin: the floor moves on with the claims of 10,000 later replies.
      const later = await queueReplies(client, organization, channel, 10_000);
      await client.query(`update messages set status = 'sent', sent_at = now() where id = any($1::uuid[])`, [later.ids]);
      floors.doubt(); // that claim is a full scan however long the 10,000 took: the next is due 500 ms after it
      floors.settle(floors.forClaim(Date.now()), [[channel, 0, later.lastSeq + 1]], undefined);
      // A transaction that took its seq before all of them commits now.
      const straggler = await queueReplies(client, organization, channel, 1, first.lastSeq + 1);

      const floored = floors.forClaim(Date.now());
      expect(floored.full).toBe(false);
      await client.query(claimWith(client, name, floored.params));
      expect(await statusOf(client, straggler.ids[0]!)).toBe('queued');

      await new Promise((resolve) => setTimeout(resolve, 510));
      const next = floors.forClaim(Date.now());
      expect(next.full).toBe(true);
      await client.query(claimWith(client, name, next.params));
      expect(await statusOf(client, straggler.ids[0]!)).toBe('sending');
    });
  });
});
