import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresRunCoordinator } from '../../src/scheduler/createPostgresRunCoordinator';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let other: TestDatabase['orm'];

beforeAll(async () => {
  db = await createTestDatabase();
  const { MikroORM } = await import('@mikro-orm/postgresql');
  other = await MikroORM.init(db.orm.config.getAll());
});
afterAll(async () => {
  await other.close(true);
  await db.destroy();
});

describe('once-per-cluster cron runs', () => {
  it('lets exactly one of several instances run each slot', async () => {
    const instances = [
      createPostgresRunCoordinator(db.orm, 'a'),
      createPostgresRunCoordinator(other, 'b'),
      createPostgresRunCoordinator(other, 'c'),
    ];
    for (const slot of ['segments:2026-01-05T07:00:00.000Z', 'segments:2026-01-05T08:00:00.000Z', 'cleanup:2026-01-05T07:00:00.000Z']) {
      const answers = await Promise.all(instances.map((coordinator) => coordinator.shouldRun(slot, 60_000)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    }
    await instances[0].onComplete?.('segments:2026-01-05T07:00:00.000Z');
  });
});
