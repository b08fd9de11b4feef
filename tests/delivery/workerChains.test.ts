import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/channelTypes';
import { dispatcherWithSend } from '../support/dispatcherWithSend';
import { useOutboxWorld } from '../support/useOutboxWorld';
import { waitFor } from '../support/waitFor';

const world = useOutboxWorld();

describe("the dispatcher's per-worker chains", () => {
  it("sends each worker's messages strictly in order while different workers go in parallel, and records them all", async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const workers = 12;
    const perWorker = 4;
    const ids: string[][] = [];
    for (let w = 0; w < workers; w++) {
      const worker = await world().worker(org);
      ids.push([]);
      for (let m = 0; m < perWorker; m++) ids[w].push(await world().queue(org, channel, worker.id, { body: `w${w} m${m}`, priority: 0 }));
    }

    // A provider that answers after 5–25 ms: slow enough for sends to overlap.
    const sent: OutboundMessage[] = [];
    let inProvider = 0;
    let mostAtOnce = 0;
    const send = async (message: OutboundMessage) => {
      inProvider++;
      mostAtOnce = Math.max(mostAtOnce, inProvider);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      inProvider--;
      sent.push(message);
      return { ok: true as const, providerMessageId: `console-${sent.length}` };
    };
    const dispatcher = dispatcherWithSend(world(), send, { pollMs: 50 });
    try {
      dispatcher.wake();
      await waitFor('every message recorded sent', async () => {
        const [{ left }] = await world().sql<{ left: number }>(`select count(*)::int as left from messages where channel_id = :channel and status <> 'sent'`, { channel });
        return left === 0;
      });
    } finally {
      await dispatcher.stop();
    }
    expect(sent).toHaveLength(workers * perWorker);
    for (let w = 0; w < workers; w++) {
      expect(sent.filter((message) => message.text?.startsWith(`w${w} `)).map((message) => message.text)).toEqual(ids[w].map((_, m) => `w${w} m${m}`));
    }
    expect(mostAtOnce).toBeGreaterThan(1);
  });
});

describe("a worker's chain after a send to be retried", () => {
  it('gives the rest of the worker back to the queue behind it, attempts not counted, and sends nothing out of order', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const worker = await world().worker(org);
    const ids: string[] = [];
    for (let m = 0; m < 3; m++) ids.push(await world().queue(org, channel, worker.id, { body: `m${m}`, priority: 0 }));
    const sent: string[] = [];
    const send = async (message: OutboundMessage) => {
      if (message.text === 'm0') return { ok: false as const, kind: 'transient' as const, code: '503', reason: 'busy' };
      sent.push(String(message.text));
      return { ok: true as const, providerMessageId: `p-${message.text}` };
    };
    // m0's retry must not come due while the test looks (the default first backoff is 0.5–1 s, and a second attempt would count 2).
    const dispatcher = dispatcherWithSend(world(), send, { pollMs: 50, policy: { backoffBaseMs: 60_000 } });
    try {
      dispatcher.wake();
      await waitFor('the first retried and the rest given back', async () => {
        const rows = await Promise.all(ids.map((id) => world().message(id)));
        return rows.every((row) => row.status === 'queued') && rows[0].attempts === 1;
      });
    } finally {
      await dispatcher.stop();
    }
    const rows = await Promise.all(ids.map((id) => world().message(id)));
    expect(rows.map((row) => row.attempts)).toEqual([1, 0, 0]);
    expect(rows[0].next_attempt_at).not.toBeNull();
    expect(sent).toEqual([]);
  });
});
