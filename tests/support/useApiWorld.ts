import { afterAll, beforeAll } from 'vitest';
import { createApiWorld, type ApiWorld } from './apiWorld';
import { createTestDatabase, type TestDatabase } from './testDatabase';

/** A fresh database and API world for one test file, set up before its tests and dropped after. */
export function useApiWorld(): () => ApiWorld {
  let db: TestDatabase | undefined;
  let world: ApiWorld | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await createApiWorld(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  return () => {
    if (!world) throw new Error('the API world is created in beforeAll');
    return world;
  };
}
