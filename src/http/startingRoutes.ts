import { Hono } from 'hono';
import { errorResponse } from './httpErrors';

/**
 * What the engine answers while it starts: `/healthz` (the process is up), `/readyz` (503 with
 * `reason()`), and 503 for everything else. Before the database is open a webhook cannot be
 * verified (its channel's secret is there), so it is refused with a 503 that the provider retries;
 * once it is open and migrated, providers' webhooks go to the engine (`serveWebhooks`).
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
