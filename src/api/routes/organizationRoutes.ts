import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isActiveChannel } from '../../channels/isActiveChannel';
import { Organization } from '../../db/entities/Organization';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { tierLimits } from '../../limits/tierLimits';
import { apiRoute } from '../openapi/apiRoute';
import { jsonBody, jsonContent } from '../openapi/commonSchemas';
import { languageField, timezoneField } from '../workers/workerInput';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const Settings = z.strictObject({
  timezone: timezoneField.optional(),
  defaultLanguage: languageField.optional(),
  quietHours: z.strictObject({ start: clock, end: clock }).nullable().optional().openapi({ description: 'Local hours with no proactive or bulk sends; null removes them' }),
  defaultChannelId: z.uuid().nullable().optional().openapi({ description: "The channel of programs that name none: an active channel of your organization (GET /v1/channels)" }),
  joinCode: z.string().trim().min(3).max(40).nullable().optional().openapi({ description: 'What an unknown sender types to join, e.g. JOIN ACME' }),
  selfEnrollment: z.boolean().optional(),
  selfEnrollmentProgramId: z.uuid().nullable().optional(),
  historyRetentionDays: z
    .int()
    .min(30, 'must be at least 30 days')
    .max(3650, 'must be at most 3650 days (10 years)')
    .nullable()
    .optional()
    .openapi({ description: 'Days messages are kept; older ones are exported to the archive and deleted (README "Partitioned history"); null keeps them forever' }),
});
const OrganizationSchema = z
  .object({ id: z.uuid(), name: z.string(), type: z.string(), subscriptionTier: z.string(), limits: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])), settings: z.record(z.string(), z.unknown()) })
  .openapi('Organization');

const read = apiRoute('organization:read', { method: 'get', path: '/v1/organization', tags: ['Organization'], summary: 'The organization, its tier limits and settings', responses: { 200: jsonContent(OrganizationSchema, 'The organization') } });
const update = apiRoute('organization:manage', { method: 'patch', path: '/v1/organization/settings', tags: ['Organization'], summary: 'Change settings (given fields only; null clears)', request: jsonBody(Settings), responses: { 200: jsonContent(OrganizationSchema, 'Changed') } });

async function viewOrganization(em: EntityManager, organizationId: string) {
  const org = await em.findOneOrFail(Organization, { id: organizationId });
  return { id: org.id, name: org.name, type: org.type, subscriptionTier: org.subscriptionTier, limits: { ...tierLimits[org.subscriptionTier] }, settings: { ...org.settings } };
}

/** Organization settings: timezone, default language, quiet hours, default channel, join code, self-enrollment, history retention. */
export function registerOrganizationRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(read, async (c) => c.json(await viewOrganization(c.get('em'), c.get('caller').organizationId), 200));
  app.openapi(update, async (c) => {
    const patch = c.req.valid('json');
    const em = c.get('em');
    if (patch.defaultChannelId && !(await isActiveChannel(em, patch.defaultChannelId))) {
      return errorResponse(c, 400, 'unknown_reference', 'defaultChannelId: no active channel of your organization has this id (GET /v1/channels lists them; a deleted channel cannot be used)', 'defaultChannelId');
    }
    const programId = patch.selfEnrollmentProgramId;
    if (programId && (await scopedSql(em, `select 1 from programs where organization_id = :organization_id and id = :id`, { id: programId })).length === 0) {
      return errorResponse(c, 400, 'unknown_reference', 'selfEnrollmentProgramId: no such id in your organization', 'selfEnrollmentProgramId');
    }
    const org = await em.findOneOrFail(Organization, { id: c.get('caller').organizationId });
    const settings: Record<string, unknown> = { ...org.settings };
    for (const [name, value] of Object.entries(patch)) {
      if (value === null) delete settings[name];
      else if (value !== undefined) settings[name] = value;
    }
    org.settings = settings;
    await em.flush();
    return c.json(await viewOrganization(em, c.get('caller').organizationId), 200);
  });
}
