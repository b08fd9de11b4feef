import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { describeZodError } from '../../api/openapi/describeZodError';
import { InviteUser, PatchUser } from '../../api/routes/userRoutes';
import { deliverUserLink, linkSubjects } from '../../api/users/deliverUserLink';
import { deleteUser, inviteUser, listUsers, updateUser } from '../../api/users/manageUsers';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { UsersPage, type UsersPageProps } from './UsersPage';

const uuid = z.uuid();
const notFound = 'No staff user with this id in your organization.';
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * Staff users in the console: the list (users:read); inviting, changing a role and deactivating
 * (users:manage) through the API's body schemas and functions (`inviteUser`, `updateUser`,
 * `deleteUser`, `deliverUserLink`), so the refusals are the API's.
 */
export function userPageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const render = async (c: Context<WebEnv>, props: Omit<UsersPageProps, 'staff' | 'users' | 'canManage'> = {}, status: 200 | 400 | 409 = 200) => {
    const staff = c.get('staff');
    return c.html(<UsersPage staff={staff} users={await listUsers(em(c))} canManage={isAllowed(staff.role, 'users:manage')} {...props} />, status);
  };
  /** The user named by the path, of this organization. */
  const userOfPath = async (c: Context<WebEnv>) => {
    const id = c.req.param('id') ?? '';
    return uuid.safeParse(id).success ? (await listUsers(em(c))).find((u) => u.id === id) : undefined;
  };

  app.get(`${base}/users`, requireAction('users:read'), (c) => render(c));

  app.post(`${base}/users/invitations`, requireAction('users:manage'), async (c) => {
    const body = await c.req.parseBody();
    const values = { email: text(body.email), role: text(body.role), displayName: text(body.displayName) };
    const input = InviteUser.safeParse({ email: values.email, role: values.role, displayName: values.displayName || undefined });
    if (!input.success) {
      const problem = describeZodError(input.error, 'form');
      return render(c, { values, error: { field: problem.field ?? 'form', message: problem.message } }, 400);
    }
    const invited = await inviteUser(em(c), input.data, deps.engine.clock.now(), deps.publicUrl ?? new URL(c.req.url).origin);
    if ('code' in invited) return render(c, { values, error: { field: invited.field, message: invited.message } }, 409);
    const delivered = await deliverUserLink(deps.sendEmail, invited.user.email, linkSubjects.invitation, invited.link);
    deps.engine.logger.info({ userId: invited.user.id, role: invited.user.role, by: c.get('staff').userId }, 'staff user invited in the console');
    const flash = { kind: 'notice' as const, text: `${invited.user.email} is invited as ${invited.user.role.replace('_', ' ')}${delivered.emailed ? ': the link was emailed.' : '.'}` };
    return render(c, { flash, invitationLink: delivered.link ?? undefined });
  });

  app.post(`${base}/users/:id/role`, requireAction('users:manage'), async (c) => {
    const user = await userOfPath(c);
    if (!user) return c.text(notFound, 404);
    const input = PatchUser.safeParse({ role: text((await c.req.parseBody()).role) });
    if (!input.success) return render(c, { flash: { kind: 'alert', text: describeZodError(input.error, 'role').message } }, 400);
    const changed = await updateUser(em(c), user.id, { role: input.data.role });
    deps.engine.logger.info({ userId: user.id, role: changed.role, by: c.get('staff').userId }, 'staff role changed in the console');
    return render(c, { flash: { kind: 'notice', text: `${changed.email} is now ${changed.role.replace('_', ' ')}.` } });
  });

  app.post(`${base}/users/:id/deactivate`, requireAction('users:manage'), async (c) => {
    const user = await userOfPath(c);
    if (!user) return c.text(notFound, 404);
    await deleteUser(em(c), user.id);
    deps.engine.logger.info({ userId: user.id, by: c.get('staff').userId }, 'staff user deactivated in the console');
    return render(c, { flash: { kind: 'notice', text: `${user.email} is deactivated: their access ended.` } });
  });
  return app;
}
