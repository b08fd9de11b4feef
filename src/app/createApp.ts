import { Hono } from 'hono';
import type { Logger } from 'pino';
import { apiRoutes } from '../api/apiRoutes';
import type { ApiDependencies } from '../api/apiTypes';
import { platformRoutes } from '../api/platform/platformRoutes';
import { ChannelConfigurationError } from '../channels/channelRegistry';
import type { Database } from '../db/openDatabase';
import { healthRoutes } from '../http/healthRoutes';
import { operatorRoutes } from '../http/operatorRoutes';
import { cloudApiWebhookRoutes } from '../http/webhooks/cloudApiWebhookRoutes';
import { twilioWebhookRoutes } from '../http/webhooks/twilioWebhookRoutes';
import type { WebhookDependencies } from '../http/webhooks/webhookDependencies';

export interface AppDependencies {
  database: Database;
  logger: Logger;
  /** The engine's routes (webhooks, operator routes); absent, only health answers. */
  engine?: { webhooks: WebhookDependencies; /** Absent, the operator routes are not mounted (the webhooks served during start-up). */ adminToken?: string };
  /** The management API (/v1, /openapi.json, /docs, /webhooks/broadcasts) and the platform operators' (/platform); absent, not mounted. */
  api?: ApiDependencies;
}

/** The HTTP surface of the engine: every route is mounted here. */
export function createApp({ database, logger, engine, api }: AppDependencies): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    // Below info (as under load, LOG_LEVEL=warn) a request costs no log line's fields.
    if (!logger.isLevelEnabled('info')) return next();
    const started = performance.now();
    await next();
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
  app.onError((error, c) => {
    if (error instanceof ChannelConfigurationError) {
      logger.error({ path: c.req.path, problem: error.message }, 'misconfigured channel');
      return c.json({ error: { code: 'channel_misconfigured', message: 'This channel is misconfigured; an administrator must fix its settings.' } }, 503);
    }
    logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));
  app.route('/', healthRoutes(database, logger, engine?.webhooks.spool));
  if (engine) {
    app.route('/', twilioWebhookRoutes(engine.webhooks));
    app.route('/', cloudApiWebhookRoutes(engine.webhooks));
    if (engine.adminToken) app.route('/', operatorRoutes(engine.webhooks, engine.adminToken));
  }
  if (api) {
    app.route('/', apiRoutes(api));
    app.route('/', platformRoutes(api));
  }
  return app;
}
