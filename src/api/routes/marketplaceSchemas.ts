import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponse } from '../../http/httpErrors';
import type { MarketRefusal } from '../../marketplace/licenceTerms';

/** `{listingId}` in a path. */
export const ListingParams = z.object({ listingId: z.string().openapi({ param: { name: 'listingId', in: 'path' }, example: '00000000-0000-4000-8000-000000000301' }) });
/** `{licenceId}` in a path. */
export const LicenceParams = z.object({ licenceId: z.string().openapi({ param: { name: 'licenceId', in: 'path' }, example: '00000000-0000-4000-8000-000000000401' }) });

/** A path id that is no uuid names nothing: the same 404 as a missing row. */
export const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** Answers a marketplace refusal in the one error shape. */
export function refuse(c: Context, refusal: MarketRefusal) {
  return errorResponse(c, refusal.status, refusal.code, refusal.message, refusal.field);
}

const Terms = z.object({ kind: z.enum(['free', 'seats', 'time']), seats: z.number().optional(), days: z.number().optional(), allowFork: z.boolean() });
export const ListingSchema = z
  .object({
    id: z.uuid(), expert: z.string(), blueprintKey: z.string(), title: z.string(), description: z.string(), languages: z.array(z.string()), duration: z.string().nullable(),
    tags: z.array(z.string()), terms: Terms, status: z.enum(['published', 'unpublished']), latestVersion: z.number(), own: z.boolean(),
    licence: z.object({ id: z.uuid(), status: z.string() }).nullable(), updatedAt: z.string(),
  })
  .openapi('Listing');
export const ListingDetailSchema = ListingSchema.extend({
  preview: z.array(z.object({ phase: z.string(), key: z.string(), type: z.string(), text: z.string() })).openapi({ description: 'The first touchpoints, in the default language' }),
  diagram: z.string().openapi({ description: 'The journey diagram (Mermaid source)' }),
  versions: z.array(z.object({ version: z.number(), blueprintVersion: z.number(), publishedAt: z.string() })),
}).openapi('ListingDetail');
