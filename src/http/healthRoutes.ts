import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Database } from '../db/openDatabase';
import { pendingMigrations } from '../db/migrateDatabase';
import type { SpoolHealth } from '../inbound/createInboundSpool';

/** How long the oldest spooled webhook may wait for its replay before `/readyz` calls the spool stuck, milliseconds. */
const spoolStuckAfterMs = 120_000;

/**
 * `/healthz`: the process answers. `/readyz`: the database answers, its schema is current, and
 * the inbound spool (when given) is not stuck: no webhook has waited in it beyond two minutes.
 * Public: the database's error is logged, never answered.
 */
export function healthRoutes(database: Database, logger: Logger, spool?: { health(): SpoolHealth }): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await database.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(database);
      if (pending.length > 0) return c.json({ status: 'not_ready', reason: 'migrations pending', pending }, 503);
    } catch (error) {
      logger.warn({ err: error }, 'readyz: database unreachable');
      return c.json({ status: 'not_ready', reason: 'database unreachable' }, 503);
    }
    const spooled = spool?.health();
    if (spooled?.oldestAgeMs !== undefined && spooled.oldestAgeMs > spoolStuckAfterMs) {
      return c.json({ status: 'not_ready', reason: 'inbound spool stuck', spool: spooled }, 503);
    }
    return c.json({ status: 'ready', ...(spooled ? { spool: spooled } : {}) });
  });
  return app;
}
