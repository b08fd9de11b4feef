import { z } from '@hono/zod-openapi';

/** `{id}` in a path. Ownership (404) is checked before this validates. */
export const IdParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '00000000-0000-4000-8000-000000000101' }) });

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .openapi('Error');

/** The JSON body of a response, for route definitions. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * The JSON body of a request, for route definitions. An object body is strict: a key it does not
 * know (misspelt, or meant for another route) answers 400 naming it, rather than being dropped
 * while the answer says 200.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const strict = schema instanceof z.ZodObject ? (schema.strict() as z.ZodType as T) : schema;
  return { body: { content: { 'application/json': { schema: strict } }, required: true } };
}

/** An opaque keyset cursor (a page's last sort key). */
export const cursorQuery = z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' });
