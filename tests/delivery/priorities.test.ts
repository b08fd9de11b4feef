import { describe, expect, it } from 'vitest';
import { dispatchOnce } from '../../src/delivery/dispatchOnce';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

const BIG = 20_000;

describe('priorities and fairness', () => {
  it("serves a worker's reply before a large bulk backlog, and a second organization's bulk alongside the first's", async () => {
    const big = await world().organization();
    const small = await world().organization();
    const bigChannel = await world().channel(big, 'console');
    const smallChannel = await world().channel(small, 'console');
    await world().queueBulk(big, bigChannel, BIG, 15_550_000_000);
    await world().queueBulk(small, smallChannel, 40, 15_560_000_000);

    const sendsOf = (channel: string) => world().consoleSends.filter((s) => s.channelId === channel).length;
    const started = performance.now();
    for (let i = 0; i < 60; i++) await dispatchOnce(world().deps);
    const perStepMs = (performance.now() - started) / 60;
    console.info(`dispatch step with ${BIG} bulk rows queued: ${perStepMs.toFixed(1)} ms`);
    // Round-robin between the two organizations: the small one is not waiting behind 30,000 rows.
    expect(sendsOf(smallChannel)).toBe(30);
    expect(sendsOf(bigChannel)).toBe(30);

    const worker = await world().worker(big);
    const reply = await world().queue(big, bigChannel, worker.id, { body: 'Correct! Next question…', priority: 0 });
    const step = await dispatchOnce(world().deps);
    expect(step).toMatchObject({ kind: 'attempted', messageId: reply });
    expect(world().consoleSends.at(-1)?.message.text).toBe('Correct! Next question…');
    for (let i = 0; i < 30; i++) await dispatchOnce(world().deps);
    expect(sendsOf(smallChannel)).toBe(40);
  });
});
