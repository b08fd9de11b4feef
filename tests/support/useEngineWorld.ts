import { afterAll, beforeAll } from 'vitest';
import { createEngineWorld, type EngineWorld, type EngineWorldOptions } from './engineWorld';
import { createTestDatabase, type TestDatabase } from './testDatabase';

/** A fresh database and engine world for one test file, set up before its tests and dropped after. */
export function useEngineWorld(options: EngineWorldOptions): () => EngineWorld {
  let db: TestDatabase | undefined;
  let world: EngineWorld | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await createEngineWorld(db, options);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  return () => {
    if (!world) throw new Error('the engine world is created in beforeAll');
    return world;
  };
}
