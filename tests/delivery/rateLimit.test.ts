import { describe, expect, it } from 'vitest';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** The most sends in any one-second window [t, t + 1000) starting at a send. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j] < sorted[i] + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('per-channel rate limit', () => {
  it('never sends more than the channel allows in any one second of the clock, and sends everything', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console', { sendRatePerSecond: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const worker = await world().worker(org);
      ids.push(await world().queue(org, channel, worker.id, { body: `m${i}` }));
    }
    // Move the clock in uneven steps; each step sends whatever is due.
    for (let step = 0; step < 60 && world().consoleSends.length < ids.length; step++) {
      await dispatchUntilIdle(world().deps);
      world().clock.advance(step % 3 === 0 ? 37 : 151);
    }
    const times = world().consoleSends.filter((s) => s.channelId === channel).map((s) => s.at);
    expect(times).toHaveLength(12);
    expect(busiestSecond(times)).toBeLessThanOrEqual(5);
    for (const id of ids) expect((await world().message(id)).status).toBe('sent');
  });

  it('shares one limit between two dispatchers working the same channel', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console', { sendRatePerSecond: 2 });
    for (let i = 0; i < 8; i++) await world().queue(org, channel, (await world().worker(org)).id);
    const before = world().consoleSends.length;
    for (let step = 0; step < 80 && world().consoleSends.length - before < 8; step++) {
      await Promise.all([dispatchUntilIdle(world().deps), dispatchUntilIdle(world().deps)]);
      world().clock.advance(100);
    }
    const times = world().consoleSends.filter((s) => s.channelId === channel).map((s) => s.at);
    expect(times).toHaveLength(8);
    expect(busiestSecond(times)).toBeLessThanOrEqual(2);
  });

  it('reports when the channel may send next', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console', { sendRatePerSecond: 1 });
    const worker = await world().worker(org);
    await world().queue(org, channel, worker.id);
    await world().queue(org, channel, (await world().worker(org)).id);
    const first = await dispatchUntilIdle(world().deps);
    expect(first.attempted).toBe(1);
    expect(first.wakeAt).toBe(world().clock.now() + 1000);
  });
});
