import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBaileysChannelManager } from '../../../src/channels/baileys/createBaileysChannelManager';
import { readBaileysSession } from '../../../src/channels/baileys/readBaileysSession';
import { forOrganization } from '../../../src/db/tenancy/scopes';
import { downloadWithBaileys, makeRealBaileysSocketFactory } from '../../../src/channels/baileys/createRealBaileysSocket';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel, newClock, publicMediaOnly, silentLogger, testSecretBox } from './baileysWorld';

/** A local port nothing listens on: WhatsApp stays unreachable, as it is here. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address ? address.port : 1;
}

/**
 * The real makeWASocket on the database auth state, pointed at a local port that refuses: the
 * manager sees Baileys' own close (408, connection lost) as transient and schedules a reconnect.
 */
describe('the real Baileys socket, offline', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.destroy(); });

  it('opens with the database auth state, closes as transient when WhatsApp cannot be reached, and backs off', async () => {
    const channel = await createBaileysChannel(db);
    const clock = newClock();
    const manager = createBaileysChannelManager({
      channel, orm: db.orm, secretBox: testSecretBox, clock, logger: silentLogger, holder: 'instance-a',
      socketFactory: makeRealBaileysSocketFactory({ waWebSocketUrl: `ws://127.0.0.1:${await closedPort()}/ws/chat`, connectTimeoutMs: 5_000 }),
      downloadMedia: downloadWithBaileys,
      fetchMedia: publicMediaOnly,
      onInbound: async () => undefined,
      onStatus: async () => undefined,
    });
    await manager.tick();
    expect(manager.holding).toBe(true);
    await vi.waitFor(() => expect(manager.socketOpen).toBe(false), { timeout: 10_000, interval: 50 });
    await manager.settled();
    expect(manager.state).toBe('closed');
    expect((await readBaileysSession(forOrganization(db.orm.em, channel.organizationId), channel.id)).lastError).toMatch(/ECONNREFUSED/);
    await manager.tick();
    expect(manager.socketOpen).toBe(false);
    clock.advance(2_000);
    await manager.tick();
    expect(manager.socketOpen).toBe(true);
    await manager.stop();
    expect(manager.socketOpen).toBe(false);
  });
});
