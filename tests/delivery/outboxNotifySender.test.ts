import { describe, expect, it } from 'vitest';
import { createOutboxNotifier } from '../../src/delivery/createOutboxNotifier';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import type { HotPath } from '../../src/hotPath/openHotPath';
import { useOutboxWorld } from '../support/useOutboxWorld';
import { waitFor } from '../support/waitFor';

const world = useOutboxWorld();

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
      embedded: false,
      notifySender: 'this-instance',
      claimers: 1,
      // No poll while the test runs: only wakes claim.
      pollMs: 600_000,
      clock: deps.clock,
      logger: deps.logger,
      registry: deps.registry,
    });
    try {
      // The loop's first claim, then the one LISTEN's start wakes: from here on only NOTIFYs claim.
      await waitFor('the dispatcher listening', () => claims === 2);
      await notifyAs(hot, 'this-instance');
      const id = await world().queue(org, channel, worker.id, { body: 'hello', priority: 0 });
      await notifyAs(hot, 'another-instance');
      await waitFor('the message sent', async () => (await world().message(id)).status === 'sent');
    } finally {
      await dispatcher.stop();
    }
    expect(claims).toBe(3);
  });
});
