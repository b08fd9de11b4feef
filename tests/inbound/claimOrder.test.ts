import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { claimQueuedSenders } from '../../src/inbound/claimQueuedSenders';
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
});
