import { Hono } from 'hono';
import { errorResponse } from './httpErrors';

/**
 * What the engine answers before its database is open: `/healthz` (the process is up), `/readyz`
 * (503 with `reason()`), and 503 for everything else. A webhook needs its channel's secret from
 * the database to be verified (and spooled), so it is refused with a 503 that the provider retries.
 */
export function startingRoutes(reason: () => string): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => c.json({ status: 'not_ready', reason: reason() }, 503));
  app.all('*', (c) => {
    c.header('retry-after', '5');
    return errorResponse(c, 503, 'starting', 'The engine is starting (waiting for its database); retry later.');
  });
  return app;
}
