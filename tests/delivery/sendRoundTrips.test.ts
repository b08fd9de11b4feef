import type { MikroORM } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { claimNextSend } from '../../src/delivery/claimNextSend';
import { sendClaim } from '../../src/delivery/dispatchOnce';
import { recordSendResults } from '../../src/delivery/recordSendResult';
import { asSystem } from '../../src/db/tenancy/scopes';
import { createLogger } from '../../src/logging/createLogger';
import { countStatements } from '../support/countStatements';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** Every statement sent to the database while `work` runs (BEGIN and COMMIT included): its round trips. */
async function statementsOf(orm: MikroORM, work: () => Promise<unknown>): Promise<string[]> {
  const knex = orm.em.getConnection().getKnex();
  const seen: string[] = [];
  const listener = (query: { sql: string }) => seen.push(query.sql.trim().split(/\s+/).slice(0, 3).join(' '));
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return seen;
}

describe('the round trips of a send', () => {
  it('claims a batch in 1 round trip of a prepared statement, sends with none, and records the whole batch in 1 more', async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    // Ten workers, each answered by a step of two replies.
    for (let w = 0; w < 10; w++) {
      const worker = await world().worker(org);
      await world().queue(org, channel, worker.id, { body: `first ${w}`, priority: 0 });
      await world().queue(org, channel, worker.id, { body: `second ${w}`, priority: 0 });
    }
    let claimed: Awaited<ReturnType<typeof claimNextSend>>['claimed'] = [];
    const claimRoundTrips = countStatements({ orm: deps.orm, hot: deps.hot! });
    const claim = await statementsOf(deps.orm, async () => {
      ({ claimed } = await claimNextSend(deps.orm, deps.policy, createLogger('silent'), world().clock.now(), 20, deps.hot));
    });
    expect(claimed).toHaveLength(20);
    // One autocommitted statement: the candidates locked, judged and marked `sending`; nothing through the ORM.
    expect({ orm: claim.length, hot: claimRoundTrips.hotRoundTrips }).toEqual({ orm: 0, hot: 1 });

    // The channel's adapter is built once per channel version, then reused: warm it.
    await deps.registry.current(asSystem(deps.orm.em, 'test'), channel, claimed[0].row.channel_updated_at);
    let records: Awaited<ReturnType<typeof sendClaim>>[] = [];
    const send = await statementsOf(deps.orm, async () => {
      records = await Promise.all(claimed.map((c) => sendClaim(deps, c)));
    });
    expect(send).toEqual([]);

    const hotRoundTrips = countStatements({ orm: deps.orm, hot: deps.hot! });
    const record = await statementsOf(deps.orm, () => recordSendResults(deps.orm, records, deps.hot));
    // One prepared statement on the hot path, nothing through the ORM.
    expect({ orm: record.length, hot: hotRoundTrips.hotRoundTrips }).toEqual({ orm: 0, hot: 1 });
    const [{ sent }] = await world().sql<{ sent: number }>(`select count(*)::int as sent from messages where channel_id = :channel and status = 'sent'`, { channel });
    expect(sent).toBe(20);
    // 2 round trips for 20 sends.
    console.info('send round trips: claim 1 prepared statement; record 1 prepared statement');
  });
});

describe('the round trips of a claim on a Cloud API channel', () => {
  it("takes the channel's rate slots and the recipients' tokens, and serves bulk its turn, in the same 1 round trip", async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'cloud_api', { phoneNumberId: '1550001111', sendRatePerSecond: 100 });
    const workers = await Promise.all(Array.from({ length: 4 }, () => world().worker(org)));
    for (const worker of workers) {
      await world().inbound(org, channel, worker.id);
      await world().queue(org, channel, worker.id, { body: 'reply', priority: 0 });
      await world().queue(org, channel, worker.id, { body: 'news', priority: 2 });
    }
    const counts = countStatements({ orm: deps.orm, hot: deps.hot! });
    const now = world().clock.now();
    const { claimed } = await claimNextSend(deps.orm, deps.policy, createLogger('silent'), now, 20, deps.hot);
    expect({ orm: counts.ormStatements, hot: counts.hotRoundTrips }).toEqual({ orm: 0, hot: 1 });
    // A burst of 10 (a tenth of a second at 100/s), each at its own 10 ms slot, replies first.
    expect(claimed.map((c) => [c.row.priority, c.notBefore - now])).toEqual([[0, 0], [0, 10], [0, 20], [0, 30], [2, 40], [2, 50], [2, 60], [2, 70]]);
    const [slot] = await world().sql<{ at: Date }>('select next_slot_at as at from channel_send_slots where channel_id = :channel', { channel });
    expect(new Date(slot.at).getTime()).toBe(now + 80);
    // Two messages to each recipient: their buckets are two 6-second intervals ahead.
    const buckets = await world().sql<{ at: Date }>('select full_at as at from recipient_pacing where channel_id = :channel', { channel });
    expect(buckets.map((b) => new Date(b.at).getTime())).toEqual(workers.map(() => now + 12_000));
    const [turn] = await world().sql<{ turns: number }>('select count(*)::int as turns from bulk_turns where organization_id = :org', { org });
    expect(turn.turns).toBe(1);
  });

  it('leaves a batch with an uncommon message (quiet hours) to the ORM claim, after a round trip that changed nothing', async () => {
    const { deps } = world();
    const org = await world().organization({ quietHours: { start: '00:00', end: '23:59' } });
    const channel = await world().channel(org, 'console');
    const worker = await world().worker(org);
    const id = await world().queue(org, channel, worker.id, { body: 'lesson', priority: 1 });
    const counts = countStatements({ orm: deps.orm, hot: deps.hot! });
    const outcome = await claimNextSend(deps.orm, deps.policy, createLogger('silent'), world().clock.now(), 20, deps.hot);
    expect(outcome.claimed).toEqual([]);
    expect((await world().message(id)).error_code).toBe('quiet_hours');
    expect(counts.hotRoundTrips).toBe(1);
    expect(counts.ormStatements).toBeGreaterThan(2);
  });
});
