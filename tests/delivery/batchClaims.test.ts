import { describe, expect, it } from 'vitest';
import { claimNextSend } from '../../src/delivery/claimNextSend';
import { deliverClaim } from '../../src/delivery/dispatchOnce';
import { createLogger } from '../../src/logging/createLogger';
import { useOutboxWorld } from '../support/useOutboxWorld';

const logger = createLogger('silent');

// Both claims: the ORM's transaction, and the hot path's prepared statement (the common case).
describe.each([
  ['the ORM', false],
  ['the hot path', true],
])('claiming several messages at once through %s', (_, onHotPath) => {
  // A database each: the wake a claim answers is the earliest of every channel's.
  const world = useOutboxWorld();
  const claim = (max: number) => claimNextSend(world().deps.orm, world().deps.policy, logger, world().clock.now(), max, onHotPath ? world().deps.hot : undefined);

  it("takes a tenth of a second's worth from a channel, each at its own rate slot, and the next claim waits for the slot after them", async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console', { sendRatePerSecond: 50 });
    await world().queueBulk(org, channel, 12, 15_550_000_000);
    const start = world().clock.now();

    const first = await claim(20);
    expect(first.claimed.map((c) => c.notBefore - start)).toEqual([0, 20, 40, 60, 80]);
    for (const claimed of first.claimed) expect((await world().message(claimed.row.id)).status).toBe('sending');

    const tooSoon = await claim(20);
    expect(tooSoon.claimed).toEqual([]);
    expect(tooSoon.wakeAt).toBe(start + 100);

    world().clock.advance(100);
    const second = await claim(3);
    expect(second.claimed).toHaveLength(3);
    expect(new Set([...first.claimed, ...second.claimed].map((c) => c.row.id)).size).toBe(8);
  });

  it("serves several channels in one claim, replies first, and a worker's messages together, in order", async () => {
    const org = await world().organization();
    const fast = await world().channel(org, 'console');
    const slow = await world().channel(org, 'console', { sendRatePerSecond: 1 });
    const busy = await world().worker(org);
    const other = await world().worker(org);
    const firstToBusy = await world().queue(org, fast, busy.id, { priority: 1 });
    const secondToBusy = await world().queue(org, fast, busy.id, { priority: 1 });
    const slowReply = await world().queue(org, slow, other.id, { priority: 0 });
    const slowBulk = await world().queue(org, slow, other.id, { priority: 2 });

    const claimed = (await claim(20)).claimed.map((c) => c.row.id);
    expect(claimed).toContain(slowReply);
    // Both messages to `busy` in one claim, in order: the dispatcher sends them one after the other on the worker's chain.
    expect(claimed.filter((id) => id === firstToBusy || id === secondToBusy)).toEqual([firstToBusy, secondToBusy]);
    // The slow channel gives one a second.
    expect(claimed).toHaveLength(3);
    expect(claimed).not.toContain(slowBulk);
  });

  it('looks past a full window of messages waiting behind one being sent', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const busy = await world().worker(org);
    const beingSent = await world().queue(org, channel, busy.id, { priority: 0 });
    await world().sql(`update messages set status = 'sending', claimed_at = now() where id = :id`, { id: beingSent });
    // A claim of one reads 8 candidates first: all of them wait for the message being sent.
    for (let i = 0; i < 8; i++) await world().queue(org, channel, busy.id, { priority: 0 });
    const other = await world().worker(org);
    const lesson = await world().queue(org, channel, other.id, { priority: 1 });
    expect((await claim(1)).claimed.map((c) => c.row.id)).toEqual([lesson]);
  });

  it('sends each claimed message no sooner than its slot', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console', { sendRatePerSecond: 40 });
    await world().queueBulk(org, channel, 4, 15_560_000_000);
    const { claimed } = await claim(20);
    expect(claimed).toHaveLength(4);
    // A manual clock that does not move: the wait before the last one is real time, 3 slots of 25 ms.
    const started = performance.now();
    await deliverClaim(world().deps, claimed[3]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
    expect((await world().message(claimed[3].row.id)).status).toBe('sent');
  });
});
