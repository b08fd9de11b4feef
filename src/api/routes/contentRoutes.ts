import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { contentKeySchema, languageSchema } from '../../blueprints/flowSchema';
import { listContentItems } from '../../blueprintStore/listContentItems';
import { readContentItem } from '../../blueprintStore/readContentItem';
import { searchWords } from '../../blueprintStore/searchWords';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonContent } from '../openapi/commonSchemas';

const tags = ['Content library'];
const contentTypes = ['text', 'media', 'question', 'quiz', 'reflection', 'wellbeing'] as const;

const ContentItemSchema = z
  .object({
    id: z.uuid().openapi({ description: 'The id a broadcast takes as content.contentId' }),
    key: z.string().openapi({ description: 'Library key (`<blueprint>/<touchpoint>`, or a flow\'s `content:` key): a flow references it as `content: <key>`, a broadcast as content.contentKey', example: 'safety-training/ppe-quiz' }),
    version: z.number().openapi({ description: 'A new version when a flow stores different content under the key' }),
    latest: z.boolean().openapi({ description: 'The version references and broadcasts by key get' }),
    type: z.enum(contentTypes),
    languages: z.array(z.string()),
    description: z.string().nullable().openapi({ description: "Its text (a media's caption) in the default language of the blueprint that stored it" }),
    mediaUrl: z.string().nullable(),
    licenseType: z.string().nullable().openapi({ description: 'own: written by the organization; licensed: installed from the marketplace' }),
    body: z.record(z.string(), z.unknown()).openapi({ description: 'What it shows, in the flow format: text per language, options, media, feedback, labels, template' }),
    usedBy: z.array(z.string()).openapi({ description: 'Keys of the blueprints whose versions show any version of it' }),
    createdAt: z.string(),
  })
  .openapi('ContentItem');

const ListQuery = z.object({
  search: z
    .string()
    .max(200)
    .refine((search) => search.trim() === '' || searchWords(search).length > 0, 'has no letter or digit to search for (an empty search lists every item)')
    .optional()
    .openapi({ description: 'Words that must all start a word of the key or any of its texts, e.g. "glove wash"; an empty one lists every item' }),
  type: z.enum(contentTypes).optional(),
  language: languageSchema.optional().openapi({ description: 'Only items with a text in this language', example: 'es' }),
  blueprint: z.string().max(100).optional().openapi({ description: 'Only items a version of this blueprint (its key) shows', example: 'safety-training' }),
  cursor: contentKeySchema.optional().openapi({ description: 'nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const list = apiRoute('content:read', {
  method: 'get',
  path: '/v1/content',
  tags,
  summary: "Search the organization's content library (the latest version of each item)",
  request: { query: ListQuery },
  responses: { 200: jsonContent(z.object({ items: z.array(ContentItemSchema), nextCursor: z.string().nullable() }), 'A page, in key order') },
});
const read = apiRoute(
  'content:read',
  {
    method: 'get',
    path: '/v1/content/{id}',
    tags,
    summary: 'A content item (any version), its versions and the blueprint versions that show it',
    request: { params: IdParams },
    responses: {
      200: jsonContent(
        ContentItemSchema.extend({
          versions: z.array(z.object({ id: z.uuid(), version: z.number(), latest: z.boolean(), createdAt: z.string() })),
          touchpoints: z.array(z.object({ blueprintId: z.uuid(), blueprintKey: z.string(), blueprintVersion: z.number(), status: z.string(), touchpoint: z.string() })),
        }),
        'The item',
      ),
    },
  },
  { id: 'content' },
);

/** The content library: search and read the content items blueprints and broadcasts use. */
export function registerContentRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(list, async (c) => {
    const { cursor, ...filter } = c.req.valid('query');
    return c.json(await listContentItems(c.get('em'), { ...filter, after: cursor }), 200);
  });
  app.openapi(read, async (c) => {
    const item = await readContentItem(c.get('em'), c.req.valid('param').id);
    if (!item) return errorResponse(c, 404, 'content_item_not_found', 'No content item has this id in your organization', 'id');
    return c.json({ ...item, type: item.type as (typeof contentTypes)[number] }, 200);
  });
}
