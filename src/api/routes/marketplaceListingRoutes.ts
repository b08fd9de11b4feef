import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponse } from '../../http/httpErrors';
import { browseListings, readListing } from '../../marketplace/browseListings';
import { isRefusal, licenceTermsSchema } from '../../marketplace/licenceTerms';
import { publishListing } from '../../marketplace/publishListing';
import { readListingUsage } from '../../marketplace/readListingUsage';
import { unpublishListing } from '../../marketplace/unpublishListing';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { languageField } from '../workers/workerInput';
import { isUuid, ListingDetailSchema, ListingParams, ListingSchema, refuse } from './marketplaceSchemas';

const tags = ['Marketplace'];
const owns = { listingId: 'marketplace_listings' } as const;

const Publish = z.object({
  blueprintKey: z.string().trim().min(1).max(100).openapi({ description: 'A blueprint key of your organization with a published version' }),
  version: z.int32().min(1).optional().openapi({ description: 'The blueprint version; default the latest published' }),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(5000),
  languages: z.array(languageField).min(1).max(20),
  duration: z.string().trim().min(1).max(60).optional().openapi({ example: '4 weeks' }),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  terms: licenceTermsSchema.openapi({ description: 'free (granted at once), seats (N workers) or time (days from the grant); allowFork lets clients install an editable copy' }),
});
const Filters = z.object({ q: z.string().trim().min(1).max(100).optional(), language: languageField.optional(), tag: z.string().trim().min(1).max(40).optional() });
const Suppressed = z.object({ suppressed: z.boolean(), workers: z.number().optional() });
const UsageSchema = z
  .object({
    listingId: z.uuid(), minGroupWorkers: z.number(), licences: z.number(), installs: z.number(),
    enrolled: Suppressed.extend({ completed: z.number().optional() }),
    funnel: z.array(Suppressed.extend({ touchpoint: z.string() })),
    quiz: z.array(Suppressed.extend({ touchpoint: z.string(), firstTryCorrectPercent: z.number().optional() })),
    wellBeing: z.array(Suppressed.extend({ week: z.string(), average: z.number().optional() })),
  })
  .openapi('ListingUsage');

const browse = apiRoute('marketplace:read', { method: 'get', path: '/v1/marketplace/listings', tags, summary: 'Browse published listings (and your own), filtered', request: { query: Filters }, responses: { 200: jsonContent(z.object({ listings: z.array(ListingSchema) }), 'Newest first') } });
const publish = apiRoute('marketplace:publish', {
  method: 'post', path: '/v1/marketplace/listings', tags,
  summary: 'Publish a blueprint version (expert organizations): a new listing, or a new version of the listing of that key',
  request: jsonBody(Publish),
  responses: { 201: jsonContent(z.object({ listingId: z.uuid(), version: z.number(), outcome: z.enum(['created', 'new_version', 'unchanged']) }), 'Published') },
});
const read = apiRoute('marketplace:read', { method: 'get', path: '/v1/marketplace/listings/{listingId}', tags, summary: 'A listing with its preview and journey diagram', request: { params: ListingParams }, responses: { 200: jsonContent(ListingDetailSchema, 'The listing') } });
const unpublish = apiRoute('marketplace:publish', { method: 'post', path: '/v1/marketplace/listings/{listingId}/unpublish', tags, summary: 'Take a listing off the marketplace (licences granted keep working)', request: { params: ListingParams }, responses: { 204: { description: 'Unpublished' } } }, owns);
const usage = apiRoute('marketplace:usage', {
  method: 'get', path: '/v1/marketplace/listings/{listingId}/usage', tags,
  summary: 'Usage of your listing across client organizations: aggregated, anonymised, groups under 10 workers suppressed',
  request: { params: ListingParams }, responses: { 200: jsonContent(UsageSchema, 'Counts and averages only') },
}, owns);

/** Marketplace listings: browse, publish, preview, unpublish, usage for the expert. */
export function registerMarketplaceListingRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(browse, async (c) => c.json({ listings: await browseListings(c.get('em'), c.req.valid('query')) }, 200));
  app.openapi(publish, async (c) => {
    const result = await publishListing(c.get('em'), c.req.valid('json'));
    return isRefusal(result) ? refuse(c, result) : c.json(result, 201);
  });
  app.openapi(read, async (c) => {
    const { listingId } = c.req.valid('param');
    const listing = isUuid(listingId) ? await readListing(c.get('em'), listingId) : undefined;
    if (!listing) return errorResponse(c, 404, 'listing_not_found', `No published listing has the id ${listingId}`, 'listingId');
    return c.json(listing, 200);
  });
  app.openapi(unpublish, async (c) => {
    await unpublishListing(c.get('em'), c.req.valid('param').listingId);
    return c.body(null, 204);
  });
  app.openapi(usage, async (c) => c.json(await readListingUsage(c.get('em'), c.req.valid('param').listingId), 200));
}
