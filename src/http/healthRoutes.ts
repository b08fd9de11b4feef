import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Database } from '../db/openDatabase';
import { pendingMigrations } from '../db/migrateDatabase';

/**
 * `/healthz`: the process answers. `/readyz`: the database answers and its schema is current.
 * Public: the database's error is logged, never answered.
 */
export function healthRoutes(database: Database, logger: Logger): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await database.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(database);
      if (pending.length > 0) return c.json({ status: 'not_ready', reason: 'migrations pending', pending }, 503);
      return c.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readyz: database unreachable');
      return c.json({ status: 'not_ready', reason: 'database unreachable' }, 503);
    }
  });
  return app;
}
