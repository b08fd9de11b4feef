import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readChannelRow } from '../../channelAdmin/readChannelRows';
import { errorResponse } from '../../http/httpErrors';
import { deleteChannelTemplate } from '../../templates/deleteChannelTemplate';
import { ManualTemplateInput } from '../../templates/manualTemplateInput';
import { renderTemplateBody } from '../../templates/renderTemplateBody';
import { saveManualTemplate } from '../../templates/saveManualTemplate';
import { syncCloudApiTemplates } from '../../templates/syncCloudApiTemplates';
import { listChannelTemplates, readChannelTemplate } from '../../templates/templateRows';
import { refuseTemplateSource } from '../../templates/refuseTemplateSource';
import { templateSourceOf } from '../../templates/templateSources';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { channelNotFound } from './channelRoutes';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { refuseProtoKey } from '../openapi/refuseProtoKey';

const tags = ['Channel templates'];
const owns = { id: 'channels' } as const;
const ownsTemplate = { id: 'channels', templateId: 'channel_templates' } as const;
const TemplateParams = IdParams.extend({ templateId: z.string().openapi({ param: { name: 'templateId', in: 'path' } }) });

const TemplateSchema = z
  .object({
    id: z.uuid(),
    channelId: z.uuid(),
    name: z.string(),
    language: z.string(),
    category: z.string().nullable(),
    status: z.string().openapi({ description: 'approved, pending, rejected, paused, disabled, … (lower case); only approved templates are sent' }),
    body: z.string().nullable(),
    variables: z.array(z.string()).openapi({ description: "The variables' names in order (`1`, `2`, … or named)" }),
    contentSid: z.string().nullable().openapi({ description: 'Twilio Content SID' }),
    source: z.enum(['sync', 'manual']),
    removedAt: z.string().nullable().openapi({ description: 'When a sync no longer found it at the provider' }),
    updatedAt: z.string(),
  })
  .openapi('ChannelTemplate');

const list = apiRoute(
  'channels:read',
  {
    method: 'get', path: '/v1/channels/{id}/templates', tags, summary: "A channel's message templates",
    request: { params: IdParams, query: z.object({ includeRemoved: z.enum(['true', 'false']).default('false') }) },
    responses: { 200: jsonContent(z.object({ source: z.enum(['sync', 'manual']).nullable().openapi({ description: 'sync (Cloud API), manual (Twilio), null: the kind needs no templates' }), templates: z.array(TemplateSchema) }), 'By name and language') },
  },
  owns,
);
const sync = apiRoute(
  'channels:manage',
  {
    method: 'post', path: '/v1/channels/{id}/templates/sync', tags, summary: "Sync a Cloud API channel's templates from its WhatsApp Business Account",
    request: { params: IdParams },
    responses: { 200: jsonContent(z.object({ synced: z.number(), removed: z.number(), pages: z.number() }), 'Templates stored; those Meta no longer lists are marked removed'), 409: { description: 'Not a Cloud API channel' }, 502: { description: 'The Graph API refused or failed: the message says why' } },
  },
  owns,
);
const add = apiRoute(
  'channels:manage',
  {
    method: 'post', path: '/v1/channels/{id}/templates', tags, summary: 'Register a Twilio template by its Content SID',
    request: { params: IdParams, ...jsonBody(ManualTemplateInput) },
    responses: { 201: jsonContent(TemplateSchema, 'Registered (approved)'), 409: { description: 'Not a Twilio channel, or the name and language are taken' } },
  },
  owns,
);
const remove = apiRoute(
  'channels:manage',
  {
    method: 'delete', path: '/v1/channels/{id}/templates/{templateId}', tags, summary: 'Delete a Twilio template entered by hand',
    request: { params: TemplateParams },
    responses: { 204: { description: 'Deleted' }, 409: { description: 'A synced template follows the provider: delete it there and sync' } },
  },
  ownsTemplate,
);
const preview = apiRoute(
  'channels:read',
  {
    method: 'post', path: '/v1/channels/{id}/templates/{templateId}/preview', tags, summary: 'Render a template with sample variables',
    request: {
      params: TemplateParams,
      ...jsonBody(z.object({ variables: z.union([z.array(z.string().max(1024)).max(20), refuseProtoKey(z.record(z.string(), z.string().max(1024)))]).default([]).openapi({ description: 'Values in order, or by variable name', example: ['Ann', '9:00'] }) })),
    },
    responses: { 200: jsonContent(z.object({ text: z.string() }), 'The rendered body'), 409: { description: 'The template has no body text' } },
  },
  ownsTemplate,
);

/** Message templates per channel: listed and previewed by staff, synced (Cloud API) or entered by hand (Twilio) by org admins. */
export function registerChannelTemplateRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const now = () => new Date(deps.engine.clock.now());
  const missingTemplate = (c: Context, id: string) => errorResponse(c, 404, 'template_not_found', `No template of this channel has the id ${id}`, 'templateId');

  app.openapi(list, async (c) => {
    const { id } = c.req.valid('param');
    const channel = await readChannelRow(c.get('em'), id);
    if (!channel) return channelNotFound(c, id);
    const templates = await listChannelTemplates(c.get('em'), id, { includeRemoved: c.req.valid('query').includeRemoved === 'true' });
    return c.json({ source: templateSourceOf(channel.kind) ?? null, templates }, 200);
  });
  app.openapi(sync, async (c) => {
    const { id } = c.req.valid('param');
    const channel = await readChannelRow(c.get('em'), id);
    if (!channel) return channelNotFound(c, id);
    const wrongKind = refuseTemplateSource(channel.kind, 'sync');
    if (wrongKind) return errorResponse(c, 409, 'wrong_channel_kind', wrongKind);
    if (!deps.secretBox) return errorResponse(c, 503, 'secrets_unavailable', 'Channel secrets cannot be opened: the server has no ENCRYPTION_KEY configured');
    const result = await syncCloudApiTemplates(c.get('em'), channel, { secretBox: deps.secretBox, graphBaseUrl: deps.providerBaseUrls?.graph, at: now() });
    if (!result.ok) return errorResponse(c, result.code === 'waba_id_missing' ? 409 : 502, result.code, result.message, result.field);
    deps.engine.logger.info({ channelId: id, synced: result.synced, removed: result.removed }, 'channel templates synced');
    return c.json({ synced: result.synced, removed: result.removed, pages: result.pages }, 200);
  });
  app.openapi(add, async (c) => {
    const { id } = c.req.valid('param');
    const channel = await readChannelRow(c.get('em'), id);
    if (!channel) return channelNotFound(c, id);
    const wrongKind = refuseTemplateSource(channel.kind, 'manual');
    if (wrongKind) return errorResponse(c, 409, 'wrong_channel_kind', wrongKind);
    const saved = await saveManualTemplate(c.get('em'), id, c.req.valid('json'), now());
    if (!saved.ok) return errorResponse(c, saved.code === 'template_exists' ? 409 : 400, saved.code, saved.message, saved.field);
    const template = await readChannelTemplate(c.get('em'), id, saved.id);
    return template ? c.json(template, 201) : missingTemplate(c, saved.id);
  });
  app.openapi(remove, async (c) => {
    const { id, templateId } = c.req.valid('param');
    const template = await readChannelTemplate(c.get('em'), id, templateId);
    if (!template) return missingTemplate(c, templateId);
    if (template.source === 'sync') return errorResponse(c, 409, 'synced_template', `'${template.name}' (${template.language}) is synced from Meta: delete it in WhatsApp Manager, then sync`);
    const deleted = await deleteChannelTemplate(c.get('em'), id, templateId, now());
    return deleted ? c.body(null, 204) : missingTemplate(c, templateId);
  });
  app.openapi(preview, async (c) => {
    const { id, templateId } = c.req.valid('param');
    const template = await readChannelTemplate(c.get('em'), id, templateId);
    if (!template) return missingTemplate(c, templateId);
    if (!template.body) return errorResponse(c, 409, 'no_body', `'${template.name}' (${template.language}) has no body text to preview: register it with its body`);
    const rendered = renderTemplateBody(template.body, template.variables, c.req.valid('json').variables);
    if (!rendered.ok) return errorResponse(c, 400, rendered.code, rendered.message, `variables.${rendered.variable}`);
    return c.json({ text: rendered.text }, 200);
  });
}
