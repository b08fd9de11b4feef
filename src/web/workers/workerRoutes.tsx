import { isSequenceCursor } from '../../http/isSequenceCursor';
import { Hono } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { forOrganization } from '../../db/tenancy/scopes';
import { sendCoachReply, setBotPaused } from '../../engine/coachConversation';
import { listWorkerMessages } from '../../engine/listWorkerMessages';
import { readWorkerStanding } from '../../gamification/readWorkerStanding';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { lastMessageSeq } from './listMessagesAfter';
import { findWorkers, listFilterChoices, workerFilterSchema } from './findWorkers';
import { loadWorkerDetail } from './loadWorkerDetail';
import { WorkerListPage } from './WorkerListPage';
import { WorkerPage } from './WorkerPage';

const pageSize = 25;
const uuid = z.uuid();
const replyForm = z.object({ text: z.string().trim().min(1, 'Write a message first.').max(4096) });
const flashes: Record<string, { kind: 'notice' | 'alert'; text: string }> = {
  sent: { kind: 'notice', text: 'Reply queued: it goes out through the outbox.' },
  paused: { kind: 'notice', text: 'The bot is paused for this worker: their messages wait for you.' },
  resumed: { kind: 'notice', text: 'The bot is running again for this worker.' },
  window_closed: { kind: 'alert', text: 'Not sent: the worker has not written in the last 24 hours, so WhatsApp allows only templates. Wait for them to write, or send a broadcast template.' },
  no_channel: { kind: 'alert', text: 'Not sent: this organization has no channel to reach the worker.' },
  not_reachable: { kind: 'alert', text: 'Not sent: the worker opted out or left.' },
  empty: { kind: 'alert', text: 'Not sent: write a message first.' },
};

/** The worker list, a worker's page, and the coach's reply and bot pause. */
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
    return c.html(<WorkerPage staff={staff} detail={detail} standing={standing} log={log} lastSeq={lastSeq} olderPage={olderPage} flash={flash} canCoach={isAllowed(staff.role, 'conversations:read')} />);
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
  return app;
}
