import { afterAll, beforeAll } from 'vitest';
import { createHttpWorld, type HttpWorld } from './httpWorld';
import { createTestDatabase, type TestDatabase } from './testDatabase';

/** An HTTP world on a database of its own for the file's tests, made before them and dropped after. */
export function useHttpWorld(options: Parameters<typeof createHttpWorld>[1]): () => HttpWorld {
  let db: TestDatabase | undefined;
  let world: HttpWorld | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await createHttpWorld(db, options);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  return () => {
    if (!world) throw new Error('the HTTP world is created in beforeAll');
    return world;
  };
}
