import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponse } from '../../http/httpErrors';
import { isSequenceCursor } from '../../http/isSequenceCursor';
import { publicAddressesOnly } from '../../outbound/outboundPolicy';
import { refuseOutboundUrl } from '../../outbound/refuseOutboundUrl';
import { listEndpointDeliveries, replayDelivery } from '../../webhooksOut/listEndpointDeliveries';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, readWebhookEndpoint, updateWebhookEndpoint } from '../../webhooksOut/manageWebhookEndpoints';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { cursorQuery, IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { DeliverySchema, DomainEventSchema, EndpointChangeSchema, EndpointInputSchema, EndpointSchema } from './webhookEndpointSchemas';

const tags = ['Event webhooks'];
const owns = { id: 'webhook_endpoints' } as const;
const noSecretBox = 'Signing secrets cannot be sealed: the server has no ENCRYPTION_KEY configured';
const addressNotAllowed = { description: 'Invalid request, naming the field; `address_not_allowed`: the URL points at a private, loopback, link-local or other non-public address' };

const create = apiRoute('integrations:manage', {
  method: 'post',
  path: '/v1/webhook-endpoints',
  tags,
  summary: 'Add an endpoint that receives signed events (Standard Webhooks); its secret is shown once',
  request: jsonBody(EndpointInputSchema),
  responses: { 201: jsonContent(EndpointSchema, 'Created, with its signing secret'), 400: addressNotAllowed, 503: { description: 'No ENCRYPTION_KEY' } },
});
const list = apiRoute('integrations:read', {
  method: 'get',
  path: '/v1/webhook-endpoints',
  tags,
  summary: "The organization's endpoints",
  responses: { 200: jsonContent(z.object({ endpoints: z.array(EndpointSchema) }), 'Oldest first') },
});
const read = apiRoute('integrations:read', {
  method: 'get',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  summary: 'One endpoint',
  request: { params: IdParams },
  responses: { 200: jsonContent(EndpointSchema, 'The endpoint') },
}, owns);
const update = apiRoute('integrations:manage', {
  method: 'patch',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  summary: 'Change an endpoint: URL, events, enable it again, or rotate its secret',
  request: { params: IdParams, ...jsonBody(EndpointChangeSchema) },
  responses: { 200: jsonContent(EndpointSchema, 'The endpoint (with `secret` when rotated)'), 400: addressNotAllowed, 503: { description: 'No ENCRYPTION_KEY' } },
}, owns);
const remove = apiRoute('integrations:manage', {
  method: 'delete',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  summary: 'Delete an endpoint and its delivery log',
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' } },
}, owns);
const deliveries = apiRoute('integrations:read', {
  method: 'get',
  path: '/v1/webhook-endpoints/{id}/deliveries',
  tags,
  summary: "An endpoint's delivery log, newest first: status, attempts, last HTTP status, answer time, body (7 days)",
  request: {
    params: IdParams,
    query: z.object({
      status: z.enum(['pending', 'sending', 'delivered', 'failed']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: cursorQuery,
    }),
  },
  responses: { 200: jsonContent(z.object({ deliveries: z.array(DeliverySchema), nextCursor: z.string().nullable() }), 'Newest first') },
}, owns);
const replay = apiRoute('integrations:manage', {
  method: 'post',
  path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay',
  tags,
  summary: 'Send a delivered or failed event again (same webhook-id), as a new delivery',
  request: { params: IdParams.extend({ deliveryId: z.string().openapi({ param: { name: 'deliveryId', in: 'path' } }) }) },
  responses: { 202: jsonContent(z.object({ id: z.string() }), 'Queued: the new delivery'), 409: { description: 'Still pending or sending: on its way already' } },
}, owns);

/** Event webhooks out: endpoints, their delivery log, and replay. */
export function registerWebhookEndpointRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openAPIRegistry.register('DomainEvent', DomainEventSchema);
  const outboundPolicy = deps.outboundPolicy ?? publicAddressesOnly;
  app.openapi(create, async (c) => {
    if (!deps.secretBox) return errorResponse(c, 503, 'secrets_unavailable', noSecretBox);
    const input = c.req.valid('json');
    const refused = await refuseOutboundUrl('url', input.url, outboundPolicy);
    if (refused) return errorResponse(c, 400, 'address_not_allowed', refused.message, refused.field);
    return c.json(await createWebhookEndpoint(c.get('em'), deps.secretBox, input), 201);
  });
  app.openapi(list, async (c) => c.json({ endpoints: await listWebhookEndpoints(c.get('em')) }, 200));
  app.openapi(read, async (c) => {
    const endpoint = await readWebhookEndpoint(c.get('em'), c.req.valid('param').id);
    return endpoint ? c.json(endpoint, 200) : errorResponse(c, 404, 'webhook_endpoint_not_found', 'No webhook endpoint has this id', 'id');
  });
  app.openapi(update, async (c) => {
    if (!deps.secretBox) return errorResponse(c, 503, 'secrets_unavailable', noSecretBox);
    const change = c.req.valid('json');
    const refused = change.url === undefined ? undefined : await refuseOutboundUrl('url', change.url, outboundPolicy);
    if (refused) return errorResponse(c, 400, 'address_not_allowed', refused.message, refused.field);
    const endpoint = await updateWebhookEndpoint(c.get('em'), deps.secretBox, c.req.valid('param').id, change);
    return endpoint ? c.json(endpoint, 200) : errorResponse(c, 404, 'webhook_endpoint_not_found', 'No webhook endpoint has this id', 'id');
  });
  app.openapi(remove, async (c) => {
    await deleteWebhookEndpoint(c.get('em'), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(deliveries, async (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    if (cursor !== undefined && !isSequenceCursor(cursor)) return errorResponse(c, 400, 'invalid_request', 'cursor must be the nextCursor of a previous page', 'cursor');
    return c.json(await listEndpointDeliveries(c.get('em'), c.req.valid('param').id, { status, limit, before: cursor }), 200);
  });
  app.openapi(replay, async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    const missing = () => errorResponse(c, 404, 'delivery_not_found', `No delivery ${deliveryId} of this endpoint`, 'deliveryId');
    if (!isSequenceCursor(deliveryId)) return missing();
    const replayed = await replayDelivery(c.get('em'), id, deliveryId, deps.engine.clock.now());
    if ('id' in replayed) return c.json({ id: replayed.id }, 202);
    if (replayed.refused === 'not_found') return missing();
    return errorResponse(c, 409, 'delivery_in_flight', `deliveryId: delivery ${deliveryId} is still ${replayed.status}: only a delivered or failed one is sent again`, 'deliveryId');
  });
}
