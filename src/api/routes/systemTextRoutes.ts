import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { systemTextKeys } from '../../engine/systemTexts';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { checkOverrideText } from '../systemTexts/checkOverrideText';
import { listSystemTexts } from '../systemTexts/listSystemTexts';
import { saveSystemTextOverride } from '../systemTexts/saveSystemTextOverride';
import { languageField } from '../workers/workerInput';

const tags = ['System texts'];
const SystemTextSchema = z
  .object({
    key: z.string(),
    placeholders: z.array(z.string()).openapi({ description: 'The `{name}`s a text of this key may use' }),
    defaults: z.record(z.string(), z.string()).openapi({ description: 'The shipped text per language (en is the fallback)' }),
    overrides: z.record(z.string(), z.string()).openapi({ description: "Your organization's text per language, used instead of the default" }),
  })
  .openapi('SystemText');
const KeyParams = z.object({
  key: z.enum(systemTextKeys).openapi({ param: { name: 'key', in: 'path' }, example: 'joined' }),
  language: languageField.openapi({ param: { name: 'language', in: 'path' }, example: 'es' }),
});
const Override = z.object({ text: z.string().trim().min(1).max(1000).openapi({ example: '¡Hola, {name}! Te damos la bienvenida.' }) });

const list = apiRoute('organization:manage', { method: 'get', path: '/v1/system-texts', tags, summary: 'Every system text key: its placeholders, shipped texts and your overrides', responses: { 200: jsonContent(z.object({ systemTexts: z.array(SystemTextSchema) }), 'In catalog order') } });
const put = apiRoute('organization:manage', { method: 'put', path: '/v1/system-texts/{key}/{language}', tags, summary: "Set your organization's text of a key in a language", request: { params: KeyParams, ...jsonBody(Override) }, responses: { 200: jsonContent(SystemTextSchema, 'The key with its overrides') } });
const remove = apiRoute('organization:manage', { method: 'delete', path: '/v1/system-texts/{key}/{language}', tags, summary: 'Go back to the shipped text of a key in a language', request: { params: KeyParams }, responses: { 204: { description: 'Removed' } } });

/**
 * System texts (the engine's own messages: welcome, HELP, STOP...) per organization: list them,
 * override a key in a language, remove the override. Workers get the override from their next message.
 */
export function registerSystemTextRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(list, async (c) => c.json({ systemTexts: await listSystemTexts(c.get('em')) }, 200));
  app.openapi(put, async (c) => {
    const { key, language } = c.req.valid('param');
    const { text } = c.req.valid('json');
    const problem = checkOverrideText(key, text);
    if (problem) return errorResponse(c, 400, 'invalid_placeholder', problem, 'text');
    await saveSystemTextOverride(c.get('em'), c.get('caller').organizationId, key, language, text);
    const [view] = await listSystemTexts(c.get('em'), [key]);
    return c.json(view, 200);
  });
  app.openapi(remove, async (c) => {
    const { key, language } = c.req.valid('param');
    const removed = await saveSystemTextOverride(c.get('em'), c.get('caller').organizationId, key, language, null);
    if (!removed) return errorResponse(c, 404, 'not_found', `language: your organization has no ${language} text of ${key} (GET /v1/system-texts lists them)`, 'language');
    return c.body(null, 204);
  });
}
