import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readSecretHints } from '../../channelAdmin/channelSecretHints';
import { createChannel } from '../../channelAdmin/createChannel';
import { deleteChannel } from '../../channelAdmin/deleteChannel';
import { listChannelRows, readChannelRow } from '../../channelAdmin/readChannelRows';
import { updateChannel } from '../../channelAdmin/updateChannel';
import { onboardableKinds } from '../../channelAdmin/validateChannelConfig';
import { viewChannel } from '../../channelAdmin/viewChannel';
import { revokeRetiredSecrets } from '../../channelAdmin/revokeRetiredSecrets';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { refuseProtoKey } from '../openapi/refuseProtoKey';
import { HealthMarkSchema } from './channelHealthSchema';

const tags = ['Channels'];

/** A channel as answered: never a secret, only each secret's last four characters (none for a secret under 12 characters) and when it was set. */
export const ChannelSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    name: z.string(),
    address: z.string(),
    status: z.string(),
    settings: z.record(z.string(), z.unknown()),
    secrets: z.record(z.string(), z.object({ lastFour: z.string(), setAt: z.string() })).openapi({ description: "Per secret: its last four characters ('' when the secret is under 12 characters) and when it was set" }),
    webhooks: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What to paste into the provider console (null without PUBLIC_URL)' }),
    health: HealthMarkSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Channel');

const values = refuseProtoKey(z.record(z.string(), z.unknown()));
const CreateChannel = z.object({
  kind: z.enum(onboardableKinds),
  name: z.string().trim().min(1).max(255).openapi({ example: 'Kenya sales line' }),
  settings: values.default({}).openapi({ description: "twilio: accountSid, from | messagingServiceSid, contentSids?; cloud_api: phoneNumberId, appId, wabaId, displayPhoneNumber?; baileys: phoneNumber?, dailyCap?; every kind: sendRatePerSecond? (messages a second at most); cloud_api also recipientSpacingMs? (steady gap between two messages to one user, ms, default 6000) and recipientBurst? (messages one user may get at once, default 45: Meta's pair rate as a token bucket). An unknown key is refused, named." }),
  secrets: values.default({}).openapi({ description: 'twilio: authToken, apiKeySid?, apiKeySecret?; cloud_api: accessToken, appSecret (the verify token is generated); write-only' }),
});
const PatchChannel = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  settings: values.optional().openapi({ description: 'Given keys replace, null removes' }),
  secrets: values.optional().openapi({ description: 'Given secrets are rotated, null removes an optional one' }),
});

const create = apiRoute('channels:manage', {
  method: 'post', path: '/v1/channels', tags, summary: 'Connect a WhatsApp number (Twilio, Cloud API or Baileys)',
  request: jsonBody(CreateChannel),
  responses: { 201: jsonContent(ChannelSchema, 'The channel and what to paste into the provider console'), 409: { description: 'That number is already connected' } },
});
const list = apiRoute('channels:read', { method: 'get', path: '/v1/channels', tags, summary: "The organization's channels", responses: { 200: jsonContent(z.object({ channels: z.array(ChannelSchema) }), 'Oldest first') } });
const read = apiRoute('channels:read', { method: 'get', path: '/v1/channels/{id}', tags, summary: 'One channel', request: { params: IdParams }, responses: { 200: jsonContent(ChannelSchema, 'The channel') } }, { id: 'channels' });
const patch = apiRoute(
  'channels:manage',
  { method: 'patch', path: '/v1/channels/{id}', tags, summary: 'Rename, change settings or rotate secrets', request: { params: IdParams, ...jsonBody(PatchChannel) }, responses: { 200: jsonContent(ChannelSchema, 'Changed') } },
  { id: 'channels' },
);
const revokeRetired = apiRoute(
  'channels:manage',
  {
    method: 'post', path: '/v1/channels/{id}/retired-secrets/revoke', tags,
    summary: 'Refuse webhooks signed with rotated-out secrets now, instead of at the end of their grace period (a leaked secret)',
    request: { params: IdParams },
    responses: { 200: jsonContent(z.object({ revoked: z.boolean().openapi({ description: 'false: there was no rotated-out secret to revoke' }) }), 'Revoked') },
  },
  { id: 'channels' },
);
const remove = apiRoute(
  'channels:manage',
  {
    method: 'delete', path: '/v1/channels/{id}', tags, summary: 'Delete a channel (refused while a running program or a scheduled broadcast uses it, unless force=true)',
    request: { params: IdParams, query: z.object({ force: z.enum(['true', 'false']).default('false') }) },
    responses: { 204: { description: 'Deleted (its message history is kept)' }, 409: { description: 'Still in use: the answer names what uses it' } },
  },
  { id: 'channels' },
);

function noSecretBox(c: Context) {
  return errorResponse(c, 503, 'secrets_unavailable', 'Channel secrets cannot be sealed or opened: the server has no ENCRYPTION_KEY configured');
}

/** The 404 of a channel id not in the caller's organization (every /v1/channels/{id} route). */
export const channelNotFound = (c: Context, id: string) => errorResponse(c, 404, 'channel_not_found', `No channel has the id ${id} in your organization`, 'id');

/** Channels: org admins connect, change, rotate and delete numbers; managers read them. */
export function registerChannelRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const now = () => new Date(deps.engine.clock.now());
  const answer = async (c: Context<ApiEnv>, id: string) => {
    const row = await readChannelRow(c.get('em'), id);
    if (!row) return undefined;
    return viewChannel(row, (await readSecretHints(c.get('em'), [id])).get(id), { publicUrl: deps.publicUrl, secretBox: deps.secretBox });
  };

  app.openapi(create, async (c) => {
    if (!deps.secretBox) return noSecretBox(c);
    const created = await createChannel(c.get('em'), c.req.valid('json'), deps.secretBox, now());
    if (!created.ok) return errorResponse(c, created.code === 'channel_exists' ? 409 : 400, created.code, created.message, created.field);
    const view = await answer(c, created.id);
    if (!view) return channelNotFound(c, created.id);
    deps.engine.logger.info({ channelId: created.id, kind: view.kind }, 'channel created');
    return c.json(view, 201);
  });
  app.openapi(list, async (c) => {
    const rows = await listChannelRows(c.get('em'));
    const hints = await readSecretHints(c.get('em'), rows.map((row) => row.id));
    return c.json({ channels: rows.map((row) => viewChannel(row, hints.get(row.id), { publicUrl: deps.publicUrl, secretBox: deps.secretBox })) }, 200);
  });
  app.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const view = await answer(c, id);
    return view ? c.json(view, 200) : channelNotFound(c, id);
  });
  app.openapi(patch, async (c) => {
    if (!deps.secretBox) return noSecretBox(c);
    const { id } = c.req.valid('param');
    const row = await readChannelRow(c.get('em'), id);
    if (!row) return channelNotFound(c, id);
    const changed = await updateChannel(c.get('em'), row, c.req.valid('json'), deps.secretBox, now());
    if (!changed.ok && changed.code === 'channel_not_found') return channelNotFound(c, id);
    if (!changed.ok) return errorResponse(c, changed.code === 'channel_exists' ? 409 : 400, changed.code, changed.message, changed.field);
    if (changed.rotated.length > 0) deps.engine.logger.info({ channelId: id, rotated: changed.rotated }, 'channel secrets rotated');
    const view = await answer(c, id);
    return view ? c.json(view, 200) : channelNotFound(c, id);
  });
  app.openapi(revokeRetired, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await readChannelRow(c.get('em'), id))) return channelNotFound(c, id);
    const revoked = await revokeRetiredSecrets(c.get('em'), id, now());
    if (revoked) deps.engine.logger.info({ channelId: id }, 'rotated-out channel secrets revoked');
    return c.json({ revoked }, 200);
  });
  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await readChannelRow(c.get('em'), id))) return channelNotFound(c, id);
    const deleted = await deleteChannel(c.get('em'), id, { force: c.req.valid('query').force === 'true', now: now() });
    if (!deleted.ok) return errorResponse(c, 409, 'channel_in_use', deleted.message);
    deps.engine.logger.info({ channelId: id, failedQueued: deleted.failedQueued }, 'channel deleted');
    return c.body(null, 204);
  });
}
