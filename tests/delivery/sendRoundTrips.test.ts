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
  it('claims a batch in 4 statements, sends with none, and records the whole batch in 1 round trip of a prepared statement', async () => {
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
    const claim = await statementsOf(deps.orm, async () => {
      ({ claimed } = await claimNextSend(deps.orm, deps.policy, createLogger('silent'), world().clock.now(), 20));
    });
    expect(claimed).toHaveLength(20);
    // BEGIN, the candidates (locked), the claimed rows marked `sending`, COMMIT.
    expect(claim).toHaveLength(4);

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
    // 5 round trips for 20 sends: a quarter of one per send.
    console.info(`send round trips: claim ${claim.join(' | ')}; record 1 prepared statement`);
  });
});
