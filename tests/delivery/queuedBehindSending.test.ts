import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/channelTypes';
import { dispatcherWithSend } from '../support/dispatcherWithSend';
import { useOutboxWorld } from '../support/useOutboxWorld';
import { waitFor } from '../support/waitFor';

const world = useOutboxWorld();

describe('a message queued while the same worker’s earlier one is being sent', () => {
  it('goes out once that one is recorded, not at the next poll', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const worker = await world().worker(org);
    await world().queue(org, channel, worker.id, { body: 'first', priority: 0 });

    const sent: string[] = [];
    let firstInProvider: () => void = () => undefined;
    const firstStarted = new Promise<void>((resolve) => (firstInProvider = resolve));
    let answerFirst: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    const send = async (message: OutboundMessage) => {
      if (message.text === 'first') {
        firstInProvider();
        await firstAnswered;
      }
      sent.push(String(message.text));
      return { ok: true as const, providerMessageId: `p-${message.text}` };
    };
    // A poll far beyond the test's wait: only a wake can send the second message in time.
    const dispatcher = dispatcherWithSend(world(), send, { pollMs: 600_000 });
    try {
      dispatcher.wake();
      await firstStarted;
      // The next step's reply is queued (and the dispatcher woken) while the first is with the provider:
      // the claim leaves it behind the first, still being sent.
      const second = await world().queue(org, channel, worker.id, { body: 'second', priority: 0 });
      dispatcher.wake();
      // Time for the claim after that wake, which leaves the second message queued behind the first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await world().message(second)).status).toBe('queued');
      answerFirst();
      await waitFor('the second message sent', async () => (await world().message(second)).status === 'sent', 5_000);
    } finally {
      await dispatcher.stop();
    }
    expect(sent).toEqual(['first', 'second']);
  });
});
