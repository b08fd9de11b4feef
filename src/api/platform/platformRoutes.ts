import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { asSystem } from '../../db/tenancy/scopes';
import { forOrganization } from '../../db/tenancy/scopes';
import { errorResponse } from '../../http/httpErrors';
import { deleteOrganization } from '../../platform/deleteOrganization';
import { changeOrganization, createOrganization, listOrganizations, readOrganization, setSuspended } from '../../platform/manageOrganizations';
import { findOperator } from '../../platform/operatorKeys';
import { createApiKey } from '../apiKeys/manageApiKeys';
import { apiBodyLimit } from '../apiBodyLimit';
import type { ApiDependencies } from '../apiTypes';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { validationHook } from '../openapi/validationHook';
import { refuseUnstorableApiText } from '../refuseUnstorableApiText';

interface PlatformEnv {
  Variables: { operator: { id: string; email: string } };
}

const tags = ['Platform'];
const Types = z.enum(['client', 'expert']);
const Tiers = z.enum(['basic', 'standard', 'premium']);
const OrgParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '00000000-0000-4000-8000-000000000001' }) });
const OrganizationSchema = z
  .object({ id: z.uuid(), name: z.string(), type: Types, subscriptionTier: Tiers, suspendedAt: z.string().nullable(), workers: z.number(), users: z.number(), createdAt: z.string() })
  .openapi('OperatedOrganization');
const Create = z.object({ name: z.string().trim().min(1).max(255), type: Types, tier: Tiers });
const Patch = z.object({ name: z.string().trim().min(1).max(255).optional(), type: Types.optional(), tier: Tiers.optional() });

const errors = {
  400: { description: 'Invalid request: `{"error": {"code", "message", "field"}}` names the field' },
  401: { description: 'No operator key, or an unknown or revoked one' },
  404: { description: 'No organization has this id' },
};
const route = <const R extends Omit<RouteConfig, 'security'>>(config: R) => createRoute({ ...config, responses: { ...errors, ...config.responses }, security: [{ operatorKey: [] }] });

const list = route({ method: 'get', path: '/platform/organizations', tags, summary: 'Every organization with its type, tier, suspension and counts', responses: { 200: jsonContent(z.object({ organizations: z.array(OrganizationSchema) }), 'By name') } });
const create = route({
  method: 'post', path: '/platform/organizations', tags, summary: 'Create an organization; the answer carries its first org admin API key (shown once)',
  request: jsonBody(Create), responses: { 201: jsonContent(z.object({ organization: OrganizationSchema, adminApiKey: z.string() }), 'Created') },
});
const read = route({ method: 'get', path: '/platform/organizations/{id}', tags, summary: 'One organization', request: { params: OrgParams }, responses: { 200: jsonContent(OrganizationSchema, 'The organization') } });
const patch = route({ method: 'patch', path: '/platform/organizations/{id}', tags, summary: 'Rename, set the type (client or expert) or the tier', request: { params: OrgParams, ...jsonBody(Patch) }, responses: { 200: jsonContent(OrganizationSchema, 'Changed'), 409: { description: 'An expert with published listings cannot become a client' } } });
const suspend = route({ method: 'post', path: '/platform/organizations/{id}/suspend', tags, summary: 'Suspend: API keys, console and channels refused; nothing deleted', request: { params: OrgParams }, responses: { 200: jsonContent(OrganizationSchema, 'Suspended') } });
const resume = route({ method: 'post', path: '/platform/organizations/{id}/resume', tags, summary: 'Lift a suspension', request: { params: OrgParams }, responses: { 200: jsonContent(OrganizationSchema, 'Active again') } });
const remove = route({
  method: 'delete', path: '/platform/organizations/{id}', tags, summary: 'Delete the organization and every row it owns (irreversible)',
  request: { params: OrgParams, query: z.object({ confirm: z.string().openapi({ description: "The organization's exact name, to confirm" }) }) },
  responses: { 204: { description: 'Deleted' }, 409: { description: 'confirm is not the name' } },
});

/** Resolves `Authorization: Bearer cpo_…` to a platform operator; anything else answers 401. */
function authenticateOperator(deps: ApiDependencies): MiddlewareHandler<PlatformEnv> {
  return async (c, next) => {
    const token = (c.req.header('authorization') ?? '').match(/^Bearer\s+(\S+)$/i)?.[1];
    const operator = token ? await findOperator(asSystem(deps.engine.orm.em, 'authenticate a platform operator'), token) : undefined;
    if (!operator) return errorResponse(c, 401, 'unauthenticated', 'Send a platform operator key as `Authorization: Bearer cpo_…`; one is made on the command line: npm run operators -- create <email>');
    c.set('operator', operator);
    await next();
  };
}

/**
 * The platform operators' API (/platform/*, its OpenAPI document at /platform/openapi.json):
 * organizations above the tenants. Operators are made only on the command line; an
 * organization's own keys never reach these routes.
 */
export function platformRoutes(deps: ApiDependencies): OpenAPIHono<PlatformEnv> {
  const app = new OpenAPIHono<PlatformEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorKey', { type: 'http', scheme: 'bearer', description: 'A platform operator key (npm run operators -- create <email>): `Authorization: Bearer cpo_…`' });
  app.use('/platform/*', apiBodyLimit());
  app.use('/platform/organizations', authenticateOperator(deps), refuseUnstorableApiText());
  app.use('/platform/organizations/*', authenticateOperator(deps), refuseUnstorableApiText());
  const system = () => asSystem(deps.engine.orm.em, 'platform operator');
  const isUuid = (id: string) => z.uuid().safeParse(id).success;
  const missing = (c: Parameters<typeof errorResponse>[0], id: string) => errorResponse(c, 404, 'organization_not_found', `No organization has the id ${id}`, 'id');
  const log = (action: string, fields: Record<string, unknown>) => deps.engine.logger.info({ operator: fields.operator, ...fields }, `platform operator: ${action}`);

  app.openapi(list, async (c) => c.json({ organizations: await listOrganizations(system()) }, 200));
  app.openapi(create, async (c) => {
    const organization = await createOrganization(system(), c.req.valid('json'));
    const key = await createApiKey(forOrganization(deps.engine.orm.em, organization.id), { name: `first admin key (by ${c.get('operator').email})`, role: 'org_admin' });
    log('organization created', { operator: c.get('operator').email, organizationId: organization.id });
    return c.json({ organization, adminApiKey: key.key }, 201);
  });
  app.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const organization = isUuid(id) ? await readOrganization(system(), id) : undefined;
    return organization ? c.json(organization, 200) : missing(c, id);
  });
  app.openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const changed = isUuid(id) ? await changeOrganization(system(), id, c.req.valid('json')) : undefined;
    if (!changed) return missing(c, id);
    if ('refusal' in changed) return errorResponse(c, 409, 'has_published_listings', changed.refusal, changed.field);
    log('organization changed', { operator: c.get('operator').email, organizationId: id, ...c.req.valid('json') });
    return c.json(changed, 200);
  });
  for (const [definition, suspended] of [[suspend, true], [resume, false]] as const) {
    app.openapi(definition, async (c) => {
      const { id } = c.req.valid('param');
      const organization = isUuid(id) ? await setSuspended(system(), id, suspended, deps.engine.clock.now()) : undefined;
      if (!organization) return missing(c, id);
      log(suspended ? 'organization suspended' : 'suspension lifted', { operator: c.get('operator').email, organizationId: id });
      return c.json(organization, 200);
    });
  }
  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const organization = isUuid(id) ? await readOrganization(system(), id) : undefined;
    if (!organization) return missing(c, id);
    if (c.req.valid('query').confirm !== organization.name) return errorResponse(c, 409, 'confirm_name', `confirm: send the organization's exact name ("${organization.name}") to delete it and all its data`, 'confirm');
    await deleteOrganization(system(), id);
    log('organization deleted', { operator: c.get('operator').email, organizationId: id, name: organization.name });
    return c.body(null, 204);
  });
  app.doc('/platform/openapi.json', { openapi: '3.0.3', info: { title: 'Coaching engine platform API', version: '1.0.0', description: 'Organizations, for platform operators. Errors: `{"error": {"code", "message", "field"?}}`.' } });
  return app;
}
