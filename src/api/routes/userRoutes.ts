import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { userRoles } from '../../db/entities/User';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { deliverUserLink, linkSubjects } from '../users/deliverUserLink';
import { deleteUser, inviteUser, issueUserLink, listUsers, updateUser } from '../users/manageUsers';
import { timezoneField } from '../workers/workerInput';

const tags = ['Users'];
const owns = { id: 'users' } as const;
const UserSchema = z.object({ id: z.uuid(), email: z.string(), role: z.enum(userRoles), displayName: z.string().nullable(), timezone: z.string().nullable(), active: z.boolean(), createdAt: z.string() }).openapi('User');
const LinkAnswer = z.object({ link: z.string().nullable().openapi({ description: 'The one-time link; null when it was emailed' }), emailed: z.boolean(), expiresAt: z.string() });

/** An invitation's body; the console's form is read with it too. */
export const InviteUser = z.object({ email: z.email().max(254, 'must be at most 254 characters (an email address)'), role: z.enum(userRoles), displayName: z.string().trim().min(1).max(100).optional() });
/** A change of a user; the console's role form is read with it too. */
export const PatchUser = z.object({ role: z.enum(userRoles).optional(), displayName: z.string().trim().min(1).max(100).nullable().optional(), timezone: timezoneField.nullable().optional() });

const list = apiRoute('users:read', { method: 'get', path: '/v1/users', tags, summary: 'Staff users', responses: { 200: jsonContent(z.object({ users: z.array(UserSchema) }), 'By email') } });
const invite = apiRoute('users:manage', {
  method: 'post',
  path: '/v1/users/invitations',
  tags,
  summary: 'Invite a staff user: a one-time link (emailed when SMTP is configured, else in the answer)',
  request: jsonBody(InviteUser),
  responses: { 201: jsonContent(LinkAnswer.extend({ user: UserSchema }), 'Invited'), 409: { description: 'The address cannot be invited (already a staff user, here or elsewhere: the answer does not say which)' } },
});
const reset = apiRoute('users:manage', { method: 'post', path: '/v1/users/{id}/password-reset', tags, summary: 'Issue a one-time password-reset link', request: { params: IdParams }, responses: { 201: jsonContent(LinkAnswer, 'Issued') } }, owns);
const update = apiRoute('users:manage', { method: 'patch', path: '/v1/users/{id}', tags, summary: 'Change role or display name', request: { params: IdParams, ...jsonBody(PatchUser) }, responses: { 200: jsonContent(UserSchema, 'Changed') } }, owns);
const remove = apiRoute('users:manage', { method: 'delete', path: '/v1/users/{id}', tags, summary: 'Remove a staff user', request: { params: IdParams }, responses: { 204: { description: 'Removed' } } }, owns);

/** Staff users, invitations and password-reset links. */
export function registerUserRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const publicUrl = deps.publicUrl ?? 'http://127.0.0.1:3000';
  const deliver = (to: string, subject: string, link: string) => deliverUserLink(deps.sendEmail, to, subject, link);
  app.openapi(list, async (c) => c.json({ users: await listUsers(c.get('em')) }, 200));
  app.openapi(invite, async (c) => {
    const result = await inviteUser(c.get('em'), c.req.valid('json'), deps.engine.clock.now(), publicUrl);
    if ('code' in result) return errorResponse(c, 409, result.code, result.message, result.field);
    return c.json({ user: result.user, expiresAt: result.expiresAt, ...(await deliver(result.user.email, linkSubjects.invitation, result.link)) }, 201);
  });
  app.openapi(reset, async (c) => {
    const em = c.get('em');
    const id = c.req.valid('param').id;
    const issued = await issueUserLink(em, id, 'password_reset', deps.engine.clock.now(), publicUrl);
    const [user] = (await listUsers(em)).filter((u) => u.id === id);
    return c.json({ expiresAt: issued.expiresAt, ...(await deliver(user.email, linkSubjects.password_reset, issued.link)) }, 201);
  });
  app.openapi(update, async (c) => c.json(await updateUser(c.get('em'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(remove, async (c) => {
    await deleteUser(c.get('em'), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
