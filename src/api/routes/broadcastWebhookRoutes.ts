import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BroadcastRequest } from '../../broadcasts/broadcastInput';
import { verifyStandardWebhook } from '../../broadcasts/verifyStandardWebhook';
import { readWebhookSecret, rotateWebhookSecret } from '../../broadcasts/webhookSecrets';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { errorResponse } from '../../http/httpErrors';
import { findUnstorableJson } from '../../http/refuseUnstorableText';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { refuseSuspended } from '../auth/refuseSuspended';
import { hashRequest } from '../idempotency/runIdempotent';
import { refuseUnstorableApiText } from '../refuseUnstorableApiText';
import { apiRoute } from '../openapi/apiRoute';
import { describeZodError } from '../openapi/describeZodError';
import { jsonContent } from '../openapi/commonSchemas';
import { answerBroadcast, sendAnswer } from './broadcastRoutes';

const rotate = apiRoute('organization:manage', {
  method: 'post',
  path: '/v1/webhook-secret',
  tags: ['Broadcasts'],
  summary: 'Make or replace the Standard Webhooks secret of signed broadcast requests (shown once)',
  description: 'Systems that cannot hold an API key POST the same body as /v1/broadcasts to /webhooks/broadcasts/{organizationId}, signed with this secret (headers webhook-id, webhook-timestamp, webhook-signature; 5 minutes of tolerance; webhook-id is the idempotency key).',
  responses: { 200: jsonContent(z.object({ secret: z.string() }), 'The new secret (stored sealed): the previous one stops working'), 503: { description: 'No ENCRYPTION_KEY to seal it with' } },
});

const uuid = z.uuid();
/** idempotency_keys.key is varchar(255); the webhook's key is `webhook:<webhook-id>`. */
const IDEMPOTENCY_KEY_LENGTH = 255;

/** The signed broadcast webhook (Standard Webhooks) and its secret. */
export function registerBroadcastWebhookRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(rotate, async (c) => {
    if (!deps.secretBox) return errorResponse(c, 503, 'secrets_unavailable', 'Webhook secrets cannot be sealed: the server has no ENCRYPTION_KEY configured');
    return c.json({ secret: await rotateWebhookSecret(c.get('em'), deps.secretBox, c.get('caller').organizationId) }, 200);
  });

  // The signature and timestamp are checked before any validation: an unsigned request is a 401 whatever it holds.
  const verifySignature: MiddlewareHandler<ApiEnv, '/webhooks/broadcasts/:organizationId'> = async (c, next) => {
    const organizationId = c.req.param('organizationId');
    const notFound = () => errorResponse(c, 404, 'organization_not_found', 'No organization with a webhook secret has this id');
    if (!uuid.safeParse(organizationId).success) return notFound();
    const em = forOrganization(deps.engine.orm.em, organizationId);
    const secret = deps.secretBox ? await readWebhookSecret(em, deps.secretBox, organizationId) : undefined;
    if (!secret) return notFound();
    const problem = verifyStandardWebhook(secret, { id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature'), body: await c.req.text() }, deps.engine.clock.now());
    if (problem) return errorResponse(c, 401, 'invalid_signature', problem);
    // Only a genuine sender learns that the organization is suspended; nothing of it is stored.
    const [organization] = await scopedSql<{ suspended_at: Date | null }>(em, `select suspended_at from organizations where id = :organization_id`);
    if (organization?.suspended_at) return refuseSuspended(c, organization.suspended_at);
    c.set('em', em);
    await next();
  };

  app.post('/webhooks/broadcasts/:organizationId', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => errorResponse(c, 413, 'body_too_large', 'The body is too large') }), verifySignature, refuseUnstorableApiText(), async (c) => {
    const id = c.req.header('webhook-id');
    if (`webhook:${id}`.length > IDEMPOTENCY_KEY_LENGTH) {
      return errorResponse(c, 400, 'invalid_header', `webhook-id: at most ${IDEMPOTENCY_KEY_LENGTH - 'webhook:'.length} characters (it is the idempotency key)`, 'webhook-id');
    }
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return errorResponse(c, 400, 'invalid_json', 'The body is not JSON');
    }
    // The body is read as JSON whatever its content-type says, which refuseUnstorableApiText trusts.
    const unstorable = findUnstorableJson(json);
    if (unstorable) return errorResponse(c, 400, 'invalid_json', unstorable.message, unstorable.field);
    const parsed = BroadcastRequest.safeParse(json);
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error, 'json');
      return errorResponse(c, 400, 'invalid_json', message, field);
    }
    const answer = await answerBroadcast(c.get('em'), parsed.data, `webhook:${id}`, hashRequest('POST', '/v1/broadcasts', parsed.data), deps.engine.clock.now());
    return sendAnswer(c, answer);
  });
}
