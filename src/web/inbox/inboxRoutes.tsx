import { Hono } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { listInboxItems } from '../../inbox/listInboxItems';
import { updateInboxItem, type InboxPatch } from '../../inbox/updateInboxItem';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { listAssignableStaff } from '../../inbox/listAssignableStaff';
import { InboxPage } from './InboxPage';

const uuid = z.uuid();
const optionalUuid = z.union([z.literal('').transform(() => undefined), z.uuid()]).optional();
const filterSchema = z.object({
  status: z.enum(['open', 'resolved', 'all']).catch('open'),
  programId: optionalUuid.catch(undefined),
  segmentId: optionalUuid.catch(undefined),
  assignedUserId: optionalUuid.catch(undefined),
});
const itemForm = z.object({
  do: z.enum(['save', 'take', 'resolve', 'reopen']),
  assignedUserId: z.union([z.literal(''), z.uuid()]).optional(),
  labels: z.string().max(400).optional(),
  note: z.string().max(4000).optional(),
  back: z.string().startsWith(`${base}/`).optional(),
});
const flashes: Record<string, { kind: 'notice' | 'alert'; text: string }> = {
  saved: { kind: 'notice', text: 'Saved.' },
  taken: { kind: 'notice', text: 'You took it.' },
  resolved: { kind: 'notice', text: 'Marked resolved.' },
  reopened: { kind: 'notice', text: 'Reopened.' },
  refused: { kind: 'alert', text: 'Not changed: the item may be open twice, or the person is not a staff user of your organization.' },
};

/** What a form asks of an item. */
function patchOf(form: z.infer<typeof itemForm>, userId: string): InboxPatch {
  if (form.do === 'take') return { assignedUserId: userId };
  if (form.do === 'resolve') return { status: 'resolved' };
  if (form.do === 'reopen') return { status: 'open' };
  const labels = (form.labels ?? '').split(',').map((label) => label.trim()).filter((label) => label.length > 0).slice(0, 20).map((label) => label.slice(0, 40));
  return { assignedUserId: form.assignedUserId ? form.assignedUserId : null, labels, note: form.note?.trim() ? form.note.trim() : null };
}

/** The coach inbox page and its item form (assign, take, label, note, resolve), also used on the worker page. */
export function inboxRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (organizationId: string) => forOrganization(deps.engine.orm.em, organizationId);

  app.get(`${base}/inbox`, requireAction('inbox:read'), async (c) => {
    const staff = c.get('staff');
    const filters = filterSchema.parse(c.req.query());
    const scope = em(staff.organizationId);
    const [items, programs, segments, people] = await Promise.all([
      listInboxItems(scope, filters),
      scopedSql<{ id: string; name: string }>(scope, `select id, name from programs where organization_id = :organization_id and not simulated order by name limit 500`),
      scopedSql<{ id: string; name: string }>(scope, `select id, name from segments where organization_id = :organization_id order by name limit 500`),
      listAssignableStaff(scope),
    ]);
    const query = new URL(c.req.url).searchParams;
    query.delete('flash');
    const self = `${base}/inbox${query.size > 0 ? `?${query}` : ''}`;
    return c.html(<InboxPage staff={staff} items={items} filters={filters} programs={programs} segments={segments} people={people} canManage={isAllowed(staff.role, 'inbox:manage')} flash={flashes[c.req.query('flash') ?? '']} self={self} />);
  });

  app.post(`${base}/inbox/:id`, requireAction('inbox:manage'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const form = itemForm.safeParse(await c.req.parseBody());
    if (!uuid.safeParse(id).success || !form.success) return c.text('This form cannot be used: reload the inbox and try again.', 400);
    const scope = em(staff.organizationId);
    const owned = await scopedSql(scope, `select 1 from coach_inbox_items where organization_id = :organization_id and id = :id`, { id });
    if (owned.length === 0) return c.text('No inbox item with this id in your organization.', 404);
    const result = await updateInboxItem(scope, id, patchOf(form.data, staff.userId), staff.userId, deps.engine.clock.now());
    const outcome = 'code' in result ? 'refused' : { save: 'saved', take: 'taken', resolve: 'resolved', reopen: 'reopened' }[form.data.do];
    const back = form.data.back ?? `${base}/inbox`;
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}flash=${outcome}`, 303);
  });
  return app;
}
