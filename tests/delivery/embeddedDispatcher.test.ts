import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import { systemClock } from '../../src/time/clock';
import { createLogger } from '../../src/logging/createLogger';
import { startScheduler } from '../../src/scheduler/startScheduler';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import type { TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

const dataDir = mkdtempSync(join(tmpdir(), 'coaching-embedded-dispatch-'));
let database: Database;
let world: OutboxWorld;

beforeAll(async () => {
  database = await openDatabase({ dataDir, poolSize: 4 });
  await migrateDatabase(database);
  const asTestDatabase: TestDatabase = { ...database, url: '', directUrl: '', engineEnv: { DATABASE_URL: '', DATABASE_POOLED: 'false', DATABASE_DIRECT_URL: '' }, destroy: () => database.close() };
  world = createOutboxWorld(asTestDatabase, { start: Date.now() });
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the dispatcher on the embedded database', () => {
  it('claims, sends and records when woken in-process, with the scheduler running beside it', async () => {
    const org = await world.organization();
    const channel = await world.channel(org, 'console', { sendRatePerSecond: 50 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await world.queue(org, channel, (await world.worker(org)).id, { body: `embedded ${i}`, priority: i % 3 }));
    const logger = createLogger('silent');
    // A long poll: only the in-process wake can get these out quickly.
    const dispatcher = startDispatcher({ orm: database.orm, hot: database.hot, clock: systemClock, logger, registry: world.registry, pollMs: 60_000 });
    const scheduler = startScheduler({ orm: database.orm, clock: systemClock, logger, onTimersFired: dispatcher.wake });
    try {
      dispatcher.wake();
      await waitFor('the five messages sent', async () => {
        const rows = await Promise.all(ids.map((id) => world.message(id)));
        return rows.every((row) => row.status === 'sent');
      }, 10_000);
      const late = await world.queue(org, channel, (await world.worker(org)).id, { body: 'after a wake' });
      dispatcher.wake();
      await waitFor('the late message sent', async () => (await world.message(late)).status === 'sent', 10_000);
    } finally {
      await scheduler.stop();
      await dispatcher.stop();
    }
    expect(world.consoleSends.map((s) => s.message.text).sort()).toEqual(['after a wake', 'embedded 0', 'embedded 1', 'embedded 2', 'embedded 3', 'embedded 4']);
  });
});
