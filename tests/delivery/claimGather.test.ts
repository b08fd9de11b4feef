import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import type { HotPath } from '../../src/hotPath/openHotPath';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let world: OutboxWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = createOutboxWorld(db);
});
afterAll(() => db.destroy());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Claim {
  startedAt: number;
  endedAt?: number;
}

/** A dispatcher of four loops whose outbox claims are logged, and held while `hold()` says so. */
function observedDispatcher(gatherMs: number, hold: () => Promise<void> | undefined) {
  const { deps } = world;
  const { hot } = deps;
  if (!hot) throw new Error('the outbox world runs on a real server, with a hot path');
  const claims: Claim[] = [];
  const observed: HotPath = {
    ...hot,
    runSystem: async (statement, values) => {
      if (statement.prepared.name !== 'outbox_claim') return hot.runSystem(statement, values);
      const claim: Claim = { startedAt: Date.now() };
      claims.push(claim);
      await hold();
      try {
        return await hot.runSystem(statement, values);
      } finally {
        claim.endedAt = Date.now();
      }
    },
  };
  const dispatcher = startDispatcher({
    orm: deps.orm,
    hot: observed,
    listenUrl: db.directUrl,
    claimers: 4,
    // No poll while the test runs: only wakes and the floors' full scans claim.
    pollMs: 600_000,
    claimGatherMs: gatherMs,
    clock: deps.clock,
    logger: deps.logger,
    registry: deps.registry,
  });
  return { dispatcher, claims };
}

describe("the dispatcher's claims", () => {
  it('stop once idle: one loop wakes for the full scan the floors ask for, not every loop every second', async () => {
    const { dispatcher, claims } = observedDispatcher(4, () => undefined);
    try {
      // Start-up: the first claims, LISTEN's wake, then the full scan at most a second after a claim that read from floors.
      await sleep(2_500);
      const settled = claims.length;
      expect(settled).toBeGreaterThan(0);
      await sleep(2_500);
      expect(claims.length).toBe(settled);
    } finally {
      await dispatcher.stop();
    }
  });

  it('follow a claim that read from floors with a full scan within about a second, nothing waking them, whichever loop claimed', async () => {
    const { dispatcher, claims } = observedDispatcher(4, () => undefined);
    try {
      await sleep(2_500);
      const before = claims.length;
      // A full scan (the last was over a second ago), then a claim from the floors it left.
      dispatcher.wake();
      await waitFor('the full scan', () => claims.length === before + 1 && claims[before].endedAt !== undefined);
      await sleep(100);
      dispatcher.wake();
      await waitFor('the claim from the floors', () => claims.length === before + 2);
      // Then the full scan a second after the last, and no more.
      await waitFor('the next full scan', () => claims.length >= before + 3, 2_000);
      expect(claims[before + 2].startedAt - claims[before].startedAt).toBeGreaterThanOrEqual(950);
      await sleep(1_500);
      expect(claims.length).toBe(before + 3);
    } finally {
      await dispatcher.stop();
    }
  });

  it('after a claim during which wakes came, gather before the next claim, and no other loop claims meanwhile', async () => {
    let hold: Promise<void> | undefined;
    const gatherMs = 300;
    const { dispatcher, claims } = observedDispatcher(gatherMs, () => hold);
    try {
      await waitFor('the start-up claims over', async () => {
        const seen = claims.length;
        await sleep(gatherMs + 400);
        return seen > 0 && claims.length === seen && claims.every((claim) => claim.endedAt !== undefined);
      });
      const before = claims.length;
      let release: () => void = () => undefined;
      hold = new Promise((resolve) => (release = resolve));
      dispatcher.wake();
      await waitFor('the held claim started', () => claims.length === before + 1);
      // Replies queued by other steps while the claim runs: their wakes are the claiming loop's.
      for (let n = 0; n < 5; n++) dispatcher.wake();
      await sleep(50);
      expect(claims.length).toBe(before + 1);
      hold = undefined;
      release();
      await waitFor('the held claim over', () => claims[before].endedAt !== undefined);
      // More wakes while the loop gathers: still no other loop claims.
      await sleep(gatherMs / 3);
      for (let n = 0; n < 5; n++) dispatcher.wake();
      await waitFor('the claim after the gathering', () => claims.length >= before + 2);
      const heldEnd = claims[before].endedAt ?? Number.NaN;
      expect(claims[before + 1].startedAt - heldEnd).toBeGreaterThanOrEqual(gatherMs - 20);
      // The wakes during the gathering were folded into that one claim. (Not much longer: the floors' next
      // full scan is due a second after the last one, which may have been the held claim.)
      await sleep(100);
      expect(claims.length).toBe(before + 2);
    } finally {
      await dispatcher.stop();
    }
  });
});
