import { isSequenceCursor } from '../../http/isSequenceCursor';
import { Hono } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { sendCoachReply, setBotPaused } from '../../engine/coachConversation';
import { listWorkerMessages } from '../../engine/listWorkerMessages';
import { readWorkerStanding } from '../../gamification/readWorkerStanding';
import { listInboxItems } from '../../inbox/listInboxItems';
import { unenrollWorkers } from '../../programs/unenrollWorkers';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { lastMessageSeq } from './listMessagesAfter';
import { findWorkers, listFilterChoices, workerFilterSchema } from './findWorkers';
import { loadWorkerDetail } from './loadWorkerDetail';
import { listAssignableStaff } from '../../inbox/listAssignableStaff';
import { WorkerListPage } from './WorkerListPage';
import { WorkerPage } from './WorkerPage';

const pageSize = 25;
const uuid = z.uuid();
const replyForm = z.object({ text: z.string().trim().min(1, 'Write a message first.').max(4096) });
const unenrollForm = z.object({ programId: z.uuid(), reason: z.string().trim().min(1).max(500) });
const flashes: Record<string, { kind: 'notice' | 'alert'; text: string }> = {
  sent: { kind: 'notice', text: 'Reply queued: it goes out through the outbox.' },
  paused: { kind: 'notice', text: 'The bot is paused for this worker: their messages wait for you.' },
  resumed: { kind: 'notice', text: 'The bot is running again for this worker.' },
  window_closed: { kind: 'alert', text: 'Not sent: the worker has not written in the last 24 hours, so WhatsApp allows only templates. Wait for them to write, or send a broadcast template.' },
  no_channel: { kind: 'alert', text: 'Not sent: this organization has no channel to reach the worker.' },
  not_reachable: { kind: 'alert', text: 'Not sent: the worker opted out or left.' },
  empty: { kind: 'alert', text: 'Not sent: write a message first.' },
  unenrolled: { kind: 'notice', text: 'Unenrolled: the program sends this worker nothing more.' },
  no_reason: { kind: 'alert', text: 'Not unenrolled: say why first.' },
};

/** The worker list, a worker's page (with their coach inbox items), the coach's reply and bot pause, and unenrolling. */
export function workerRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (organizationId: string) => forOrganization(deps.engine.orm.em, organizationId);

  app.get(`${base}/workers`, requireAction('workers:read'), async (c) => {
    const staff = c.get('staff');
    const parsed = workerFilterSchema.safeParse(c.req.query());
    const filters = parsed.success ? parsed.data : workerFilterSchema.parse({});
    const scope = em(staff.organizationId);
    const [{ rows, next }, choices] = await Promise.all([findWorkers(scope, filters, pageSize), listFilterChoices(scope)]);
    return c.html(<WorkerListPage staff={staff} filters={filters} rows={rows} next={next} {...choices} />);
  });

  app.get(`${base}/workers/:id`, requireAction('conversations:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    // Another organization's worker is simply not found in this scope.
    const detail = uuid.safeParse(id).success ? await loadWorkerDetail(em(staff.organizationId), id) : undefined;
    if (!detail) return c.text('No worker with this id in your organization.', 404);
    const before = c.req.query('before');
    const olderPage = isSequenceCursor(before);
    // The newest page ends exactly at lastSeq, and the live thread streams what comes after it.
    const [lastSeq, standing] = await Promise.all([lastMessageSeq(em(staff.organizationId), id), readWorkerStanding(em(staff.organizationId), id, deps.engine.clock.now())]);
    const log = await listWorkerMessages(em(staff.organizationId), id, olderPage ? before : String(BigInt(lastSeq) + 1n), 50);
    const flash = flashes[c.req.query('flash') ?? ''];
    const inbox = isAllowed(staff.role, 'inbox:read')
      ? { items: await listInboxItems(em(staff.organizationId), { workerId: id, status: 'all', limit: 20 }), people: await listAssignableStaff(em(staff.organizationId)), canManage: isAllowed(staff.role, 'inbox:manage') }
      : undefined;
    return c.html(<WorkerPage staff={staff} detail={detail} standing={standing} log={log} lastSeq={lastSeq} olderPage={olderPage} flash={flash} canCoach={isAllowed(staff.role, 'conversations:read')} inbox={inbox} canUnenroll={isAllowed(staff.role, 'programs:enroll')} />);
  });

  app.post(`${base}/workers/:id/reply`, requireAction('conversations:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return c.text('No worker with this id in your organization.', 404);
    const form = replyForm.safeParse(await c.req.parseBody());
    if (!form.success) return c.redirect(`${base}/workers/${id}?flash=empty`, 303);
    const scope = em(staff.organizationId);
    if (!(await loadWorkerDetail(scope, id))) return c.text('No worker with this id in your organization.', 404);
    const result = await scope.transactional((tx) =>
      sendCoachReply(tx, { workerId: id, coachUserId: staff.userId, coachName: staff.name, text: form.data.text, at: deps.engine.clock.now() }),
    );
    if (result.ok) deps.wakeDispatcher?.();
    return c.redirect(`${base}/workers/${id}?flash=${result.ok ? 'sent' : result.reason}`, 303);
  });

  app.post(`${base}/workers/:id/bot`, requireAction('conversations:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return c.text('No worker with this id in your organization.', 404);
    const paused = (await c.req.parseBody()).paused === 'true';
    await em(staff.organizationId).transactional((tx) => setBotPaused(tx, id, paused));
    return c.redirect(`${base}/workers/${id}?flash=${paused ? 'paused' : 'resumed'}`, 303);
  });
  app.post(`${base}/workers/:id/unenroll`, requireAction('programs:enroll'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const form = unenrollForm.safeParse(await c.req.parseBody());
    if (!uuid.safeParse(id).success) return c.text('No worker with this id in your organization.', 404);
    if (!form.success) return c.redirect(`${base}/workers/${id}?flash=no_reason`, 303);
    const scope = em(staff.organizationId);
    const owned = await scopedSql(scope, `select 1 from worker_assignments where organization_id = :organization_id and worker_id = :worker and program_id = :program`, { worker: id, program: form.data.programId });
    if (owned.length === 0) return c.text('This worker is not enrolled in this program of your organization.', 404);
    await unenrollWorkers(scope, form.data.programId, [id], form.data.reason, deps.engine.clock.now());
    deps.wakeDispatcher?.();
    return c.redirect(`${base}/workers/${id}?flash=unenrolled`, 303);
  });
  return app;
}
