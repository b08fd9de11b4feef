import { describe, expect, it } from 'vitest';
import { createOutboxFloors } from '../../src/delivery/outboxFloors';

const channel = '00000000-0000-4000-8000-000000000001';

describe('the dispatcher\'s outbox floors', () => {
  it('start with a full scan, then bind each floor less the margin until a full scan is due again', () => {
    const floors = createOutboxFloors({ marginSeqs: 10 });
    const first = floors.forClaim(0);
    expect(first.full).toBe(true);
    expect(floors.fullScanDueInMs()).toBeUndefined();
    floors.settle(first, [[channel, 0, 100], [channel, 2, 40]], undefined);

    const next = floors.forClaim(0);
    expect(next.full).toBe(false);
    expect(next.params).toEqual({ floorChannels: `{"${channel}","${channel}"}`, floorPriorities: '{"0","2"}', floorSeqs: '{"90","30"}', queuedSince: '-infinity' });
    expect(floors.fullScanDueInMs()).toBeGreaterThan(0);

    floors.doubt();
    expect(floors.forClaim(0).full).toBe(true);
  });

  it('move a floor up only over what its claim read from it: claims settling over each other keep the lower', () => {
    const floors = createOutboxFloors({ marginSeqs: 0 });
    floors.settle(floors.forClaim(0), [[channel, 0, 100]], undefined);
    const one = floors.forClaim(0);
    const other = floors.forClaim(0);
    floors.settle(other, [[channel, 0, 300]], undefined);
    // `one` may have passed over rows `other` held locked: its floor and the other's, the lower.
    floors.settle(one, [[channel, 0, 200]], undefined);
    expect(floors.forClaim(0).params.floorSeqs).toBe('{"200"}');
    const alone = floors.forClaim(0);
    floors.settle(alone, [[channel, 0, 400]], undefined);
    expect(floors.forClaim(0).params.floorSeqs).toBe('{"400"}');
  });

  it('scan in full once the earliest deferred row falls due (business time)', () => {
    const floors = createOutboxFloors();
    floors.settle(floors.forClaim(1_000), [[channel, 1, 7]], 5_000);
    expect(floors.forClaim(4_999).full).toBe(false);
    expect(floors.forClaim(5_000).full).toBe(true);
    expect(floors.forClaim(5_001).full).toBe(false);
  });

  it('ask which months hold queued rows before the first full scan, then at most every askQueuedSinceEveryMs, and bind what they learnt', async () => {
    const floors = createOutboxFloors({ askQueuedSinceEveryMs: 20 });
    const first = floors.forClaim(0);
    expect(first).toMatchObject({ full: true, askQueuedSince: true, params: { queuedSince: '-infinity' } });
    floors.learnQueuedSince('2026-11-01T00:00:00.000Z');
    floors.settle(first, [[channel, 0, 100]], undefined);
    expect(floors.forClaim(0)).toMatchObject({ full: false, askQueuedSince: false, params: { queuedSince: '2026-11-01T00:00:00.000Z' } });

    floors.doubt();
    expect(floors.forClaim(0)).toMatchObject({ full: true, askQueuedSince: false, params: { queuedSince: '2026-11-01T00:00:00.000Z' } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    floors.doubt();
    expect(floors.forClaim(0)).toMatchObject({ full: true, askQueuedSince: true });
  });

  it('forget a channel no claim read for a while', async () => {
    const floors = createOutboxFloors({ forgetAfterMs: 20 });
    floors.settle(floors.forClaim(0), [[channel, 0, 100]], undefined);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(floors.forClaim(0).params.floorChannels).toBe('{}');
  });
});
