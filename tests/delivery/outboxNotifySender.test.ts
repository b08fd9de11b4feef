import { createOutboxNotifier } from '../../src/delivery/createOutboxNotifier';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import type { HotPath } from '../../src/hotPath/openHotPath';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let outboxWorld: OutboxWorld;
const world = () => outboxWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  outboxWorld = createOutboxWorld(db);
});
afterAll(async () => {
  await db.destroy();
});

/** One NOTIFY of `sender`, committed before this resolves. */
async function notifyAs(hot: HotPath, sender: string): Promise<void> {
  const notifier = createOutboxNotifier({ hot, sender, wakeLocal: () => undefined, logger: world().deps.logger });
  notifier.notifyOutboxChanged();
  await notifier.close();
}

describe("the outbox NOTIFY's sender", () => {
  it("wakes the other instances' dispatchers, not the one woken in-process beside it", async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const worker = await world().worker(org);
    const { deps } = world();
    const { hot } = deps;
    if (!hot) throw new Error('the outbox world runs on a real server, with a hot path');
    let claims = 0;
    let before = Number.NaN;
    const counted: HotPath = {
      ...hot,
      runSystem: (statement, values) => {
        if (statement.prepared.name === 'outbox_claim') claims++;
        return hot.runSystem(statement, values);
      },
    };
    const dispatcher = startDispatcher({
      orm: deps.orm,
      hot: counted,
      // LISTEN on the server itself (behind a transaction-mode pooler it would hear nothing).
      listenUrl: db.directUrl,
      notifySender: 'this-instance',
      claimers: 1,
      // No poll while the test runs: only wakes claim.
      pollMs: 600_000,
      clock: deps.clock,
      logger: deps.logger,
      registry: deps.registry,
    });
    try {
      // The loop's first claim and the one LISTEN's start wakes (one or two: a wake before the first
      // claim folds into it) are over once the listener is up and the count holds still.
      const listeners = async () => {
        const [row] = await deps.orm.em.fork().getConnection().execute<Array<{ n: number }>>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and query = 'LISTEN outbox' and state = 'idle'`,
        );
        return row.n;
      };
      await waitFor('the dispatcher listening', async () => claims >= 1 && (await listeners()) === 1);
      await waitFor('the start-up claims over', async () => {
        const seen = claims;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return claims === seen;
      });
      before = claims;
      await notifyAs(hot, 'this-instance');
      const id = await world().queue(org, channel, worker.id, { body: 'hello', priority: 0 });
      await notifyAs(hot, 'another-instance');
      await waitFor('the message sent', async () => (await world().message(id)).status === 'sent');
    } finally {
      await dispatcher.stop();
    }
    // The other instance's NOTIFY claimed once; this instance's own claimed nothing.
    expect(claims - before).toBe(1);
  });
});
