import { afterAll, beforeAll } from 'vitest';
import { createOutboxWorld, type OutboxWorld, type OutboxWorldOptions } from './outboxWorld';
import { createTestDatabase, type TestDatabase } from './testDatabase';

/** A fresh database and outbox world for one test file, set up before its tests and dropped after. */
export function useOutboxWorld(options: OutboxWorldOptions = {}): () => OutboxWorld {
  let db: TestDatabase | undefined;
  let world: OutboxWorld | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = createOutboxWorld(db, options);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  return () => {
    if (!world) throw new Error('the outbox world is created in beforeAll');
    return world;
  };
}
