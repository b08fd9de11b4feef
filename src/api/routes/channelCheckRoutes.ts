import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { readChannelHealth } from '../../channelAdmin/readChannelHealth';
import { readChannelRow } from '../../channelAdmin/readChannelRows';
import { verifyChannel } from '../../channelAdmin/verifyChannel';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonContent } from '../openapi/commonSchemas';
import { HealthSchema } from './channelHealthSchema';
import { channelNotFound } from './channelRoutes';

const tags = ['Channels'];

const VerifySchema = z
  .object({
    ok: z.boolean(),
    problem: z.string().optional().openapi({ description: 'bad_credentials, account_not_found, wrong_number_id, number_not_found, number_not_enabled, provider_unreachable, …' }),
    checks: z.array(z.object({ check: z.string(), ok: z.boolean(), message: z.string(), providerCode: z.string().optional() })),
  })
  .openapi('ChannelVerification');

const verify = apiRoute(
  'channels:manage',
  {
    method: 'post', path: '/v1/channels/{id}/verify', tags, summary: "Check the connection with the provider, in words (bad token, wrong number id, number not enabled)",
    request: { params: IdParams },
    responses: { 200: jsonContent(VerifySchema, 'What was checked; ok false names the problem') },
  },
  { id: 'channels' },
);

const health = apiRoute(
  'channels:read',
  {
    method: 'get', path: '/v1/channels/{id}/health', tags, summary: 'Connected or not, send rate against the limit, healthy or unhealthy and why, last inbound and outbound, sent/delivered/read/failed over the last hour and day, queue depth, last provider error',
    request: { params: IdParams },
    responses: { 200: jsonContent(HealthSchema, 'Counts of outbound messages created in each window, by what became of them (sent includes delivered and read)') },
  },
  { id: 'channels' },
);

/** Checks of a channel against its provider. */
export function registerChannelCheckRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(verify, async (c) => {
    const { id } = c.req.valid('param');
    const row = await readChannelRow(c.get('em'), id);
    if (!row) return channelNotFound(c, id);
    if (!deps.secretBox) return errorResponse(c, 503, 'secrets_unavailable', 'Channel secrets cannot be opened: the server has no ENCRYPTION_KEY configured');
    const result = await verifyChannel(c.get('em'), row, { secretBox: deps.secretBox, twilioBaseUrl: deps.providerBaseUrls?.twilio, graphBaseUrl: deps.providerBaseUrls?.graph, now: new Date(deps.engine.clock.now()) });
    deps.engine.logger.info({ channelId: id, ok: result.ok, problem: result.problem }, 'channel verified');
    return c.json(result, 200);
  });
  app.openapi(health, async (c) => {
    const { id } = c.req.valid('param');
    const row = await readChannelRow(c.get('em'), id);
    if (!row) return channelNotFound(c, id);
    return c.json(await readChannelHealth(c.get('em'), row, new Date(deps.engine.clock.now())), 200);
  });
}
