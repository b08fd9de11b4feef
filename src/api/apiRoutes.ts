import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import type { ApiDependencies, ApiEnv } from './apiTypes';
import { authenticate } from './auth/authenticate';
import { validationHook } from './openapi/validationHook';
import { registerApiKeyRoutes } from './routes/apiKeyRoutes';

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
  app.use('/v1/*', authenticate(deps));
  registerApiKeyRoutes(app, deps);

  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Coaching engine management API',
      version: '1.0.0',
      description: 'Workers, segments, programs, broadcasts. Errors: `{"error": {"code", "message", "field"?}}`.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  return app;
}
