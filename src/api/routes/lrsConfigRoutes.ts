import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponse } from '../../http/httpErrors';
import { publicAddressesOnly } from '../../outbound/outboundPolicy';
import { refuseOutboundUrl } from '../../outbound/refuseOutboundUrl';
import { deleteLrsConfig, readLrsConfig, saveLrsConfig } from '../../webhooksOut/xapi/lrsConfig';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { LrsInputSchema, LrsSchema } from './webhookEndpointSchemas';

const tags = ['xAPI'];

const read = apiRoute('integrations:read', {
  method: 'get',
  path: '/v1/lrs-config',
  tags,
  summary: "The organization's learning record store (xAPI 1.0.3), or null",
  responses: { 200: jsonContent(z.object({ lrs: LrsSchema.nullable() }), 'Its settings (never the password)') },
});
const save = apiRoute('integrations:manage', {
  method: 'put',
  path: '/v1/lrs-config',
  tags,
  summary: 'Set the LRS that receives learning events as xAPI statements (the password is stored sealed)',
  request: jsonBody(LrsInputSchema),
  responses: {
    200: jsonContent(z.object({ lrs: LrsSchema }), 'Saved'),
    400: { description: 'Invalid request, naming the field; `address_not_allowed`: the endpoint points at a private, loopback, link-local or other non-public address' },
    503: { description: 'No ENCRYPTION_KEY' },
  },
});
const remove = apiRoute('integrations:manage', {
  method: 'delete',
  path: '/v1/lrs-config',
  tags,
  summary: 'Stop sending statements (those not yet sent are dropped)',
  responses: { 204: { description: 'Removed' } },
});

/** The organization's LRS for xAPI statements. */
export function registerLrsConfigRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(read, async (c) => c.json({ lrs: (await readLrsConfig(c.get('em'))) ?? null }, 200));
  app.openapi(save, async (c) => {
    if (!deps.secretBox) return errorResponse(c, 503, 'secrets_unavailable', 'The LRS password cannot be sealed: the server has no ENCRYPTION_KEY configured');
    const input = c.req.valid('json');
    const refused = await refuseOutboundUrl('endpoint', input.endpoint, deps.outboundPolicy ?? publicAddressesOnly);
    if (refused) return errorResponse(c, 400, 'address_not_allowed', refused.message, refused.field);
    return c.json({ lrs: await saveLrsConfig(c.get('em'), deps.secretBox, c.get('caller').organizationId, input) }, 200);
  });
  app.openapi(remove, async (c) => {
    await deleteLrsConfig(c.get('em'));
    return c.body(null, 204);
  });
}
