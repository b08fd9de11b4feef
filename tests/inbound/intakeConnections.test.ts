import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { claimLockStatements, claimQueuedSenders } from '../../src/inbound/claimQueuedSenders';
import { createInboundQueue } from '../../src/inbound/createInboundQueue';
import { openIntakePool } from '../../src/inbound/openIntakePool';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { minutes } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
});
afterAll(() => db.destroy());

describe("the inbound intake's own connections", () => {
  it('queue in one statement and claim in one round trip (BEGIN, the lock, delete-done-and-claim, COMMIT), each sender whole, the rows done deleted', async () => {
    const pool = openIntakePool(db.directUrl);
    let roundTrips = 0;
    const counted = new WeakSet<object>();
    pool.on('acquire', (client) => {
      if (counted.has(client)) return;
      counted.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => (roundTrips++, query(...args));
    });
    try {
      const queue = createInboundQueue({ deps: world.deps, onQueued: () => undefined, pool });
      const channel = { id: world.channel.id, organizationId: world.organization.id };
      const at = world.clock.now();
      const message = (from: string, id: string) => ({ providerMessageId: id, from, at, text: 'hi' });
      expect(await Promise.all([queue.enqueue(channel, message('+15550001001', 'a1'), at), queue.enqueue(channel, message('+15550001002', 'b1'), at), queue.enqueue(channel, message('+15550001001', 'a2'), at)]))
        .toEqual(['queued', 'queued', 'queued']);
      expect(roundTrips).toBe(1);

      roundTrips = 0;
      const claim = (done: string[], holder: string) =>
        claimQueuedSenders({ pool }, { done, holder, now: new Date(world.clock.now()), until: new Date(world.clock.now() + 30_000), senders: 8 });
      const senders = await claim([], 'first');
      expect(roundTrips).toBe(1);
      expect(senders.map((sender) => sender.messages.map((m) => (m.message as { providerMessageId: string }).providerMessageId)).sort()).toEqual([['a1', 'a2'], ['b1']]);
      // Held by 'first': another holder gets nothing until they are done.
      expect(await claim([], 'second')).toEqual([]);
      const done = senders.flatMap((sender) => sender.messages.map((m) => m.id));
      expect(await claim(done, 'first')).toEqual([]);
      expect((await world.sql<{ n: number }>(`select count(*)::int as n from inbound_queue where organization_id = :organization_id`))[0].n).toBe(0);
    } finally {
      await pool.end();
    }
  });
});

describe("the intake's claim plan", () => {
  it("is made once per connection, generic, with the hot path's settings (never re-planned per claim)", async () => {
    const pool = openIntakePool(db.directUrl);
    try {
      const now = world.clock.now();
      for (let n = 0; n < 8; n++) {
        await claimQueuedSenders({ pool }, { done: [], holder: `plan-${n}`, now: new Date(now), until: new Date(now + minutes(1)), senders: 8 });
      }
      // Every connection the claims used, held at once: pg_prepared_statements is per session.
      const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
      try {
        const sessions = await Promise.all(clients.map(async (client) => {
          const { rows: [settings] } = await client.query<{ mode: string; seqscan: string }>(`select current_setting('plan_cache_mode') as mode, current_setting('enable_seqscan') as seqscan`);
          const { rows: plans } = await client.query<{ generic: number; custom: number }>(
            `select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where name = 'inbound_queue_claim'`);
          return { ...settings, plans };
        }));
        expect(sessions.every((session) => session.mode === 'force_generic_plan' && session.seqscan === 'off')).toBe(true);
        const plans = sessions.flatMap((session) => session.plans);
        expect(plans.reduce((sum, plan) => sum + plan.custom, 0)).toBe(0);
        expect(plans.reduce((sum, plan) => sum + plan.generic, 0)).toBe(8);
      } finally {
        for (const client of clients) client.release();
      }
    } finally {
      await pool.end();
    }
  });
});

describe('claiming queued senders', () => {
  it.each(['intake pool', 'ORM'] as const)('takes up to N free senders whole, by their oldest row, skipping held ones; on the %s', async (via) => {
    const pool = openIntakePool(db.directUrl);
    const on = via === 'intake pool' ? { pool } : { system: asSystem(db.orm.em, 'test: claim order') };
    try {
      const queue = createInboundQueue({ deps: world.deps, onQueued: () => undefined });
      const channel = { id: world.channel.id, organizationId: world.organization.id };
      const phone = (name: string) => `+1555${via === 'ORM' ? '2' : '3'}00${'abcd'.indexOf(name)}`;
      for (const [from, id] of [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['c', 'c1'], ['b', 'b2'], ['d', 'd1']]) {
        await queue.enqueue(channel, { providerMessageId: `${via}-${id}`, from: phone(from), at: world.clock.now(), text: 'hi' }, world.clock.now());
      }
      const now = world.clock.now();
      const claim = async (holder: string, senders: number, done: string[] = [], at = now) => {
        const claimed = await claimQueuedSenders(on, { done, holder, now: new Date(at), until: new Date(at + minutes(1)), senders });
        return claimed.map((sender) => sender.messages.map((m) => (m.message as { providerMessageId: string }).providerMessageId.slice(via.length + 1)));
      };
      const idsOf = async (holder: string, senders: number) =>
        (await claimQueuedSenders(on, { done: [], holder, now: new Date(now), until: new Date(now + minutes(1)), senders })).flatMap((s) => s.messages.map((m) => m.id));

      expect(await claim('x', 2)).toEqual([['a1', 'a2'], ['b1', 'b2']]);
      // a and b are held by x: the next free sender by oldest row is c, then d.
      expect(await claim('y', 1)).toEqual([['c1']]);
      const heldD = await idsOf('z', 5);
      expect(heldD).toHaveLength(1);
      expect(await claim('w', 5)).toEqual([]);
      // No sender asked for: only the rows done are deleted (d's), nothing claimed.
      expect(await claim('z', 0, heldD)).toEqual([]);
      // Once the leases ended, every sender left comes free again, by oldest row.
      expect(await claim('v', 5, [], now + minutes(2))).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1']]);
    } finally {
      await pool.end();
      await world.sql(`delete from inbound_queue where organization_id = :organization_id`);
    }
  });

  it.each(['intake pool', 'ORM'] as const)('waits for the claim lock another claim holds; on the %s', async (via) => {
    const pool = openIntakePool(db.directUrl);
    const on = via === 'intake pool' ? { pool } : { system: asSystem(db.orm.em, 'test: claim lock') };
    const other = await pool.connect();
    try {
      await other.query('begin');
      for (const statement of claimLockStatements) await other.query(statement);
      const now = new Date(world.clock.now());
      let claimed = false;
      const claim = claimQueuedSenders(on, { done: [], holder: 'waiting', now, until: new Date(now.getTime() + minutes(1)), senders: 1 }).then(() => (claimed = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(claimed).toBe(false);
      await other.query('commit');
      await claim;
      expect(claimed).toBe(true);
    } finally {
      other.release();
      await pool.end();
    }
  });
});
