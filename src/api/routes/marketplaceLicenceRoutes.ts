import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { decideLicence } from '../../marketplace/decideLicence';
import { installLicence } from '../../marketplace/installLicence';
import { isRefusal } from '../../marketplace/licenceTerms';
import { listGrantedLicences, listHeldLicences } from '../../marketplace/listLicences';
import { requestLicence } from '../../marketplace/requestLicence';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { isUuid, LicenceParams, ListingParams, refuse } from './marketplaceSchemas';

const tags = ['Marketplace'];

const HeldSchema = z
  .object({
    id: z.uuid(), listingId: z.uuid().nullable(), listingTitle: z.string(), expert: z.string().nullable(), kind: z.string(), status: z.string(), seats: z.number().nullable(),
    seatsUsed: z.number(), expiresAt: z.string().nullable(), allowFork: z.boolean(), installedKey: z.string().nullable(), installedVersion: z.number().nullable(),
    latestVersion: z.number().nullable(), updateAvailable: z.boolean().openapi({ description: 'A newer listing version is offered: install again to take it (running conversations keep theirs)' }),
    warnings: z.array(z.string()),
  })
  .openapi('HeldLicence');
const GrantedSchema = z
  .object({
    id: z.uuid(), listingId: z.uuid().nullable(), listingTitle: z.string(), client: z.string(), kind: z.string(), status: z.string(), seats: z.number().nullable(),
    expiresAt: z.string().nullable(), installedVersion: z.number().nullable(), requestedAt: z.string(),
  })
  .openapi('GrantedLicence');
const Grant = z.object({
  seats: z.int().min(1).max(1_000_000).optional().openapi({ description: 'Per-seat licences: seats granted (default the listing\'s)' }),
  days: z.int().min(1).max(3650).optional().openapi({ description: 'Time-limited licences: days from now (default the listing\'s)' }),
});
const Install = z.object({
  key: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"').max(100).optional().openapi({ description: 'Your blueprint key for it (default the listing\'s); fixed after the first install' }),
  fork: z.boolean().default(false).openapi({ description: 'An editable copy, where the licence allows it; otherwise read-only' }),
});
const LicenceState = z.object({ id: z.uuid(), status: z.string() });

const request = apiRoute('marketplace:license', { method: 'post', path: '/v1/marketplace/listings/{listingId}/licences', tags, summary: 'Take a licence (client organizations): free is active at once, others wait for the expert', request: { params: ListingParams }, responses: { 201: jsonContent(LicenceState, 'Requested or active') } });
const list = apiRoute('marketplace:read', { method: 'get', path: '/v1/marketplace/licences', tags, summary: 'Licences you hold (usage, warnings, updates offered) and licences of your listings', responses: { 200: jsonContent(z.object({ held: z.array(HeldSchema), granted: z.array(GrantedSchema) }), 'Newest first') } });
const grant = apiRoute('marketplace:grant', { method: 'post', path: '/v1/marketplace/licences/{licenceId}/grant', tags, summary: 'Grant a requested licence of your listing', request: { params: LicenceParams, ...jsonBody(Grant) }, responses: { 200: jsonContent(LicenceState, 'Active') } });
const refuseRoute = apiRoute('marketplace:grant', { method: 'post', path: '/v1/marketplace/licences/{licenceId}/refuse', tags, summary: 'Refuse a requested licence of your listing', request: { params: LicenceParams }, responses: { 200: jsonContent(LicenceState, 'Refused') } });
const install = apiRoute('marketplace:license', {
  method: 'post', path: '/v1/marketplace/licences/{licenceId}/install', tags,
  summary: "Install the listing's latest version as a read-only blueprint (or a fork, where allowed); again for a newer version",
  request: { params: LicenceParams, ...jsonBody(Install) },
  responses: { 201: jsonContent(z.object({ blueprintId: z.uuid(), key: z.string(), version: z.number(), listingVersion: z.number(), readOnly: z.boolean() }), 'Installed') },
}, { licenceId: 'marketplace_licences' });

const missingLicence = (id: string) => ({ status: 404 as const, code: 'licence_not_found', message: `No licence of your listings has the id ${id}`, field: 'licenceId' });

/** Marketplace licences: request (client), grant or refuse (expert), install, the lists of both sides. */
export function registerMarketplaceLicenceRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(request, async (c) => {
    const { listingId } = c.req.valid('param');
    if (!isUuid(listingId)) return errorResponse(c, 404, 'listing_not_found', `No published listing has the id ${listingId}`, 'listingId');
    const result = await requestLicence(c.get('em'), listingId, deps.engine.clock.now());
    return isRefusal(result) ? refuse(c, result) : c.json(result, 201);
  });
  app.openapi(list, async (c) => {
    const em = c.get('em');
    return c.json({ held: await listHeldLicences(em, deps.engine.clock.now()), granted: await listGrantedLicences(em) }, 200);
  });
  app.openapi(grant, async (c) => {
    const { licenceId } = c.req.valid('param');
    if (!isUuid(licenceId)) return refuse(c, missingLicence(licenceId));
    const result = await decideLicence(c.get('em'), licenceId, { decision: 'grant', ...c.req.valid('json') }, deps.engine.clock.now());
    return isRefusal(result) ? refuse(c, result) : c.json(result, 200);
  });
  app.openapi(refuseRoute, async (c) => {
    const { licenceId } = c.req.valid('param');
    if (!isUuid(licenceId)) return refuse(c, missingLicence(licenceId));
    const result = await decideLicence(c.get('em'), licenceId, { decision: 'refuse' }, deps.engine.clock.now());
    return isRefusal(result) ? refuse(c, result) : c.json(result, 200);
  });
  app.openapi(install, async (c) => {
    const result = await installLicence(c.get('em'), c.req.valid('param').licenceId, c.req.valid('json'), deps.engine.clock.now());
    return isRefusal(result) ? refuse(c, result) : c.json(result, 201);
  });
}
