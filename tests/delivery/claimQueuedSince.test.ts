import { describe, expect, it } from 'vitest';
import { claimNextSend } from '../../src/delivery/claimNextSend';
import { hotClaimParams } from '../../src/delivery/claimOnHotPath';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { hotClaimStatement } from '../../src/delivery/hotClaimStatement';
import { createOutboxFloors, noFloors } from '../../src/delivery/outboxFloors';
import { createLogger } from '../../src/logging/createLogger';
import { executeOf, inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld({ start: Date.UTC(2026, 11, 7, 12) });
const months = ['2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01'];

// A deployment keeps months of `messages`. The dispatcher binds the claim's reads of queued rows
// to the months from the oldest one holding a queued or sending row (asked before each full scan),
// so the claim's generic plan starts those months' scans only.
describe("the outbox claim's lower bound on created_at", () => {
  it('is the oldest month holding a queued or sending row, the default partition by its rows, else the fallback', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      await client.query(`select ensure_messages_partition(month::date) from unnest($1::text[]) month`, [months]);
      const since = async () => (await client.query<{ since: Date }>(`select outbox_queued_since('2026-12-01T00:00:00Z') as since`)).rows[0]!.since.toISOString();
      expect(await since()).toBe('2026-12-01T00:00:00.000Z');

      const { rows: [row] } = await client.query<{ id: string }>(
        `insert into messages (organization_id, channel_id, direction, body, payload, status, priority, created_at)
         values ($1, $2, 'outbound', 'reply', '{"to": "+15550100"}', 'queued', 0, '2026-10-15T08:00:00Z') returning id`,
        [organization, channel],
      );
      expect(await since()).toBe('2026-10-01T00:00:00.000Z');
      await client.query(`update messages set status = 'sending' where id = $1`, [row!.id]);
      expect(await since()).toBe('2026-10-01T00:00:00.000Z');
      await client.query(`update messages set status = 'sent' where id = $1`, [row!.id]);
      expect(await since()).toBe('2026-12-01T00:00:00.000Z');

      // A month without a partition of its own: the row itself, in the default partition.
      await client.query(`update messages set status = 'queued', created_at = '2025-03-04T05:06:07Z' where id = $1`, [row!.id]);
      expect(await since()).toBe('2025-03-04T05:06:07.000Z');
    });
  });

  it('starts the scans of queued rows in the months from the bound only, the look for earlier unsent rows in every month', async () => {
    await inRolledBackTransaction(world(), async (client) => {
      await client.query(`select ensure_messages_partition(month::date) from unnest($1::text[]) month`, [months]);
      const name = await prepareGeneric(client, hotClaimStatement);
      const planOf = async (queuedSince: string) => {
        const values = hotClaimParams(defaultDeliveryPolicy, Date.UTC(2026, 11, 7, 12), 20, { ...noFloors, queuedSince });
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${executeOf(client, name, hotClaimStatement, values)}`);
        // The partitions scanned (the update lists every one as a target; its scan of them is pruned like the others).
        const scans = rows.map((row) => row['QUERY PLAN']).filter((line) => !/^\s*Update on /.test(line));
        const scanned = (alias: RegExp) => new Set(scans.flatMap((line) => [...line.matchAll(/ on (messages_p\w+) (\w+)$/g)].filter((match) => alias.test(match[2]!)).map((match) => match[1])));
        return { queued: scanned(/^(?!e(_\d+)?$)/), earlierUnsent: scanned(/^e(_\d+)?$/) };
      };

      const bounded = await planOf('2026-12-01T00:00:00.000Z');
      expect(bounded.queued).toContain('messages_p2026_12');
      expect([...bounded.queued].filter((partition) => partition < 'messages_p2026_12')).toEqual([]);
      expect(bounded.earlierUnsent).toContain('messages_p2026_08');
      // Unbounded (the ORM claim), every month.
      expect((await planOf('-infinity')).queued).toContain('messages_p2026_08');
    });
  });

  it("leaves a row queued since in an older month to the next question, and the worker's later message behind it", async () => {
    const organization = await world().organization();
    const channel = await world().channel(organization, 'console');
    const worker = await world().worker(organization);
    await world().sql(`select ensure_messages_partition(month::date) from unnest(:months::text[]) month`, { months: `{${months.join(',')}}` });
    const floors = createOutboxFloors({ fullScanEveryMs: 600_000, askQueuedSinceEveryMs: 0 });
    const claim = async () => (await claimNextSend(world().deps.orm, world().deps.policy, createLogger('silent'), world().clock.now(), 20, world().deps.hot, floors)).claimed.map((sent) => sent.row.body);

    await world().queue(organization, channel, worker.id, { body: 'first' });
    expect(await claim()).toEqual(['first']);
    // A reply created at an October webhook's time (as one the spool replays after an outage), then one created now, to another worker.
    const other = await world().worker(organization);
    await world().sql(
      `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, priority, created_at)
       values (:organization, :channel, :worker, 'outbound', 'replayed', '{}', 'queued', 0, '2026-10-20T10:00:00Z')`,
      { organization, channel, worker: other.id },
    );
    await world().queue(organization, channel, other.id, { body: 'later', priority: 0 });
    // Below the bound learnt: the replayed reply is not read, and the later one waits behind it.
    expect(await claim()).toEqual([]);

    floors.doubt();
    expect(await claim()).toEqual(['replayed', 'later']);
  });
});
