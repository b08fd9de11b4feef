import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { errorResponse } from '../http/httpErrors';
import { apiBodyLimit } from './apiBodyLimit';
import type { ApiDependencies, ApiEnv } from './apiTypes';
import { authenticate } from './auth/authenticate';
import { docsRoutes } from './docs/docsRoutes';
import { notifyOutboxAfterWrites } from './notifyOutboxAfterWrites';
import { refuseUnstorableApiText } from './refuseUnstorableApiText';
import { validationHook } from './openapi/validationHook';
import { registerAnalyticsRoutes } from './routes/analyticsRoutes';
import { registerApiKeyRoutes } from './routes/apiKeyRoutes';
import { registerBlueprintRoutes } from './routes/blueprintRoutes';
import { registerContentRoutes } from './routes/contentRoutes';
import { registerExperimentResultRoutes } from './routes/experimentResultRoutes';
import { registerExperimentRoutes } from './routes/experimentRoutes';
import { registerExportRoutes } from './routes/exportRoutes';
import { registerOrganizationRoutes } from './routes/organizationRoutes';
import { registerBroadcastRoutes } from './routes/broadcastRoutes';
import { registerBroadcastWebhookRoutes } from './routes/broadcastWebhookRoutes';
import { registerChannelCheckRoutes } from './routes/channelCheckRoutes';
import { registerChannelPairingRoutes } from './routes/channelPairingRoutes';
import { registerChannelRoutes } from './routes/channelRoutes';
import { registerChannelTemplateRoutes } from './routes/channelTemplateRoutes';
import { registerProgramRoutes } from './routes/programRoutes';
import { registerSegmentRoutes } from './routes/segmentRoutes';
import { registerSystemTextRoutes } from './routes/systemTextRoutes';
import { registerChallengeRoutes } from './routes/challengeRoutes';
import { registerGamificationRoutes } from './routes/gamificationRoutes';
import { registerInboxRoutes } from './routes/inboxRoutes';
import { registerTimerRoutes } from './routes/timerRoutes';
import { registerUserRoutes } from './routes/userRoutes';
import { registerWorkerRoutes } from './routes/workerRoutes';
import { registerMarketplaceLicenceRoutes } from './routes/marketplaceLicenceRoutes';
import { registerMarketplaceListingRoutes } from './routes/marketplaceListingRoutes';
import { registerLrsConfigRoutes } from './routes/lrsConfigRoutes';
import { registerWebhookEndpointRoutes } from './routes/webhookEndpointRoutes';

/** Largest import body (bytes): 50,000 rows of CSV or JSON. */
const IMPORT_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The management API: every /v1 route behind an API key (`Authorization: Bearer <key>`), its
 * OpenAPI document at /openapi.json and interactive docs at /docs. Mount at the root:
 * `app.route('/', apiRoutes(deps))`.
 */
export function apiRoutes(deps: ApiDependencies): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key made by an org admin (POST /v1/api-keys): `Authorization: Bearer ce_…`',
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) return errorResponse(c, error.status, 'invalid_request', error.message);
    deps.engine.logger.error({ err: error, path: c.req.path }, 'unhandled API error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side; it has been logged.');
  });
  app.use('/v1/workers/import', apiBodyLimit(IMPORT_BODY_BYTES));
  const bodyLimit = apiBodyLimit();
  app.use('/v1/*', async (c, next) => (c.req.path === '/v1/workers/import' ? next() : bodyLimit(c, next)));
  app.use('/v1/*', notifyOutboxAfterWrites(deps.engine));
  app.use('/webhooks/broadcasts/*', notifyOutboxAfterWrites(deps.engine));
  app.use('/v1/*', authenticate(deps));
  app.use('/v1/*', refuseUnstorableApiText());
  registerApiKeyRoutes(app, deps);
  registerWorkerRoutes(app, deps);
  registerSegmentRoutes(app);
  registerProgramRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerBroadcastRoutes(app, deps);
  registerBroadcastWebhookRoutes(app, deps);
  registerBlueprintRoutes(app);
  registerContentRoutes(app);
  registerOrganizationRoutes(app);
  registerUserRoutes(app, deps);
  registerExportRoutes(app);
  registerChannelRoutes(app, deps);
  registerChannelCheckRoutes(app, deps);
  registerChannelPairingRoutes(app, deps);
  registerChannelTemplateRoutes(app, deps);
  registerTimerRoutes(app);
  registerSystemTextRoutes(app);
  registerExperimentResultRoutes(app);
  registerExperimentRoutes(app, deps);
  registerWebhookEndpointRoutes(app, deps);
  registerLrsConfigRoutes(app, deps);
  registerGamificationRoutes(app, deps);
  registerChallengeRoutes(app, deps);
  registerMarketplaceListingRoutes(app);
  registerMarketplaceLicenceRoutes(app, deps);
  registerInboxRoutes(app, deps);

  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Coaching engine management API',
      version: '1.0.0',
      description: 'Workers, segments, programs, broadcasts. Errors: `{"error": {"code", "message", "field"?}}`.',
    },
  });
  app.route('/', docsRoutes());
  return app;
}
