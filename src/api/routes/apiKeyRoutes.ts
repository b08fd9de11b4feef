import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { userRoles } from '../../db/entities/User';
import { createApiKey, listApiKeys, revokeApiKey } from '../apiKeys/manageApiKeys';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';

const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'ce_1a2b3c4d' }),
    role: z.enum(userRoles),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const CreateApiKey = z.object({
  name: z.string().trim().min(1).max(100).openapi({ example: 'HR system' }),
  role: z.enum(userRoles).openapi({ description: 'What the key may do (see the permission table)' }),
});

const create = apiRoute('apiKeys:manage', {
  method: 'post',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: 'Create an API key (the key is shown once, in this answer)',
  request: jsonBody(CreateApiKey),
  responses: { 201: jsonContent(ApiKeySchema.extend({ key: z.string() }), 'The new key, with the secret `key` shown only now') },
});

const list = apiRoute('apiKeys:manage', {
  method: 'get',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: "The organization's API keys (prefix, role, last use; never the key)",
  responses: { 200: jsonContent(z.object({ apiKeys: z.array(ApiKeySchema) }), 'Newest first') },
});

const revoke = apiRoute(
  'apiKeys:manage',
  { method: 'delete', path: '/v1/api-keys/{id}', tags: ['API keys'], summary: 'Revoke an API key', request: { params: IdParams }, responses: { 204: { description: 'Revoked' } } },
  { id: 'api_keys' },
);

/** API keys: created and revoked by org admins. */
export function registerApiKeyRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const created = await createApiKey(c.get('em'), { ...body, createdBy: c.get('caller').userId });
    return c.json(created, 201);
  });
  app.openapi(list, async (c) => c.json({ apiKeys: await listApiKeys(c.get('em')) }, 200));
  app.openapi(revoke, async (c) => {
    await revokeApiKey(c.get('em'), c.req.valid('param').id, deps.engine.clock.now());
    return c.body(null, 204);
  });
}
