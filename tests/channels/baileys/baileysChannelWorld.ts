import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBaileysChannels, type BaileysChannels } from '../../../src/channels/baileys/startBaileysChannels';
import type { BaileysChannelRef, BaileysInbound } from '../../../src/channels/baileys/baileysTypes';
import type { StatusUpdate } from '../../../src/channels/channelTypes';
import type { OutboundFetch } from '../../../src/outbound/createOutboundFetch';
import { createFakeBaileysNetwork } from '../../fakes/createFakeBaileysSocket';
import { afterEach, beforeEach } from 'vitest';
import type { ManualClock } from '../../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { newClock, silentLogger, testSecretBox } from './baileysWorld';

/** What one instance's handlers received. */
export interface Received {
  inbound: BaileysInbound[];
  statuses: StatusUpdate[];
  loggedOut: Array<{ channel: BaileysChannelRef; reason: string }>;
}

/**
 * Instances of the Baileys channels sharing one database, one fake WhatsApp network and one
 * moved clock. Nothing ticks by itself: the test ticks each instance. Media messages' files are
 * fetched with `outboundFetch` (default: the guarded fetch, public addresses only).
 */
export function createBaileysCluster(db: TestDatabase, clock: ManualClock, outboundFetch?: OutboundFetch) {
  const network = createFakeBaileysNetwork();
  const instances: BaileysChannels[] = [];
  return {
    network,
    async start(holder: string): Promise<BaileysChannels & { received: Received }> {
      const received: Received = { inbound: [], statuses: [], loggedOut: [] };
      const channels = await startBaileysChannels({
        orm: db.orm,
        secretBox: testSecretBox,
        logger: silentLogger,
        clock,
        holder,
        stateDir: mkdtempSync(join(tmpdir(), 'baileys-state-')),
        tickMs: 0,
        socketFactory: network.factory,
        downloadMedia: async (message) => Buffer.from(`media of ${message.key.id}`),
        ...(outboundFetch ? { outboundFetch } : {}),
        onInbound: async (_channel, inbound) => { received.inbound.push(inbound); },
        onStatus: async (_channel, status) => { received.statuses.push(status); },
        onLoggedOut: (channel, reason) => received.loggedOut.push({ channel, reason }),
      });
      instances.push(channels);
      return Object.assign(channels, { received });
    },
    async stopAll(): Promise<void> {
      await Promise.all(instances.map((instance) => instance.stop()));
    },
  };
}

/** A test's database, moved clock and cluster of Baileys instances. */
export interface BaileysClusterWorld {
  db: TestDatabase;
  clock: ManualClock;
  cluster: ReturnType<typeof createBaileysCluster>;
}

/**
 * A fresh database, clock and cluster for each test of the calling suite, its instances stopped
 * and the database dropped after the test. Read the world inside a test.
 */
export function useBaileysCluster(): () => BaileysClusterWorld {
  let world: BaileysClusterWorld | undefined;
  beforeEach(async () => {
    const db = await createTestDatabase();
    const clock = newClock();
    world = { db, clock, cluster: createBaileysCluster(db, clock) };
  });
  afterEach(async () => {
    await world?.cluster.stopAll();
    await world?.db.destroy();
    world = undefined;
  });
  return () => {
    if (!world) throw new Error('the Baileys cluster is created in beforeEach');
    return world;
  };
}
