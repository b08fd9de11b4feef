import { Hono } from 'hono';
import type { Database } from '../db/openDatabase';
import { pendingMigrations } from '../db/migrateDatabase';

/** `/healthz`: the process answers. `/readyz`: the database answers and its schema is current. */
export function healthRoutes(database: Database): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await database.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(database);
      if (pending.length > 0) return c.json({ status: 'not_ready', reason: 'migrations pending', pending }, 503);
      return c.json({ status: 'ready' });
    } catch (error) {
      return c.json({ status: 'not_ready', reason: 'database unreachable', detail: (error as Error).message }, 503);
    }
  });
  return app;
}
