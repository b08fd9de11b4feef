import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { isAllowed } from '../../api/auth/permissions';
import { hashRequest } from '../../api/idempotency/runIdempotent';
import { answerBroadcast } from '../../api/routes/broadcastRoutes';
import type { BroadcastView } from '../../broadcasts/broadcastInput';
import { forOrganization } from '../../db/tenancy/scopes';
import type { Staff } from '../auth/staffSessions';
import { requireAction } from '../auth/requireStaff';
import { formatTime } from '../layout/formatTime';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { BroadcastForm, type BroadcastFormProps } from './BroadcastForm';
import { listBroadcastRows, listTargetNames, type BroadcastRow } from './listBroadcastRows';
import { readBroadcastForm } from './readBroadcastForm';

function describeTarget(target: unknown, names: Map<string, string>): string {
  if (target && typeof target === 'object') {
    if ('segmentId' in target) return `segment ${names.get(String(target.segmentId)) ?? target.segmentId}`;
    if ('programId' in target) return `program ${names.get(String(target.programId)) ?? target.programId}`;
    if ('workerIds' in target && Array.isArray(target.workerIds)) return `${target.workerIds.length} listed workers`;
  }
  return JSON.stringify(target);
}

function BroadcastTable({ rows, staff, names }: { rows: BroadcastRow[]; staff: Staff; names: Map<string, string> }) {
  if (rows.length === 0) return <p class="muted">No broadcasts yet.</p>;
  return (
    <table class="wide" aria-label="Broadcasts">
      <thead><tr><th scope="col">Created</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Recipients</th><th scope="col">Queued</th><th scope="col">Sent</th><th scope="col">Delivered</th><th scope="col">Read</th><th scope="col">Failed</th></tr></thead>
      <tbody>
        {rows.map((b) => (
          <tr data-broadcast={b.id}>
            <td>{formatTime(b.created_at, staff.timezone)}{b.send_at && b.status === 'scheduled' && <div class="muted">for {formatTime(b.send_at, staff.timezone)}</div>}</td>
            <td>{describeTarget(b.target, names)}<div class="muted">{b.content?.text ?? (b.content?.template ? `template ${b.content.template.name}` : '')}</div></td>
            <td>{b.status}</td><td>{b.recipients} ({b.skipped_opted_out} opted out)</td>
            <td>{b.queued}{b.waiting && <small class="meta"> ({b.waiting})</small>}</td><td>{b.sent}</td><td>{b.delivered}</td><td>{b.read}</td><td>{b.failed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Broadcasts with live counts from the messages table, and (with `broadcasts:send`) a form that
 * sends one to a segment or a program through the management API's own function (tier limit,
 * idempotency key per form, one INSERT … SELECT into the outbox).
 */
export function broadcastRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (staff: Staff) => forOrganization(deps.engine.orm.em, staff.organizationId);

  async function renderPage(staff: Staff, form: Partial<BroadcastFormProps>, notice?: string, status: 200 | 400 | 402 | 409 = 200) {
    const [rows, targets] = await Promise.all([listBroadcastRows(em(staff)), listTargetNames(em(staff))]);
    const names = new Map([...targets.segments, ...targets.programs].map((t) => [t.id, t.name]));
    const canSend = isAllowed(staff.role, 'broadcasts:send');
    return {
      status,
      body: (
        <Page title="Broadcasts" staff={staff}>
          {notice && <p class="notice" role="status">{notice}</p>}
          {canSend && <BroadcastForm staff={staff} {...targets} idempotencyKey={form.idempotencyKey ?? randomBytes(16).toString('base64url')} {...form} />}
          <h2>Latest broadcasts</h2>
          <BroadcastTable rows={rows} staff={staff} names={names} />
        </Page>
      ),
    };
  }

  app.get(`${base}/broadcasts`, requireAction('broadcasts:read'), async (c) => {
    const sent = c.req.query('sent');
    const page = await renderPage(c.get('staff'), {}, sent && /^\d+$/.test(sent) ? `Broadcast queued for ${sent} workers.` : undefined);
    return c.html(page.body, page.status);
  });

  app.post(`${base}/broadcasts`, requireAction('broadcasts:send'), async (c) => {
    const staff = c.get('staff');
    const form = readBroadcastForm(await c.req.parseBody());
    if (!form.ok) {
      const page = await renderPage(staff, { error: form.error, values: form.values }, undefined, 400);
      return c.html(page.body, page.status);
    }
    const key = form.request.dryRun ? undefined : form.values.idempotencyKey;
    const answer = await answerBroadcast(em(staff), form.request, key, hashRequest('POST', '/v1/broadcasts', form.request), deps.engine.clock.now());
    const body = JSON.parse(answer.json) as BroadcastView | { error: { message: string } };
    if ('error' in body) {
      const page = await renderPage(staff, { error: body.error.message, values: form.values, idempotencyKey: form.values.idempotencyKey }, undefined, answer.status === 402 ? 402 : answer.status === 409 ? 409 : 400);
      return c.html(page.body, page.status);
    }
    if (form.request.dryRun) {
      const page = await renderPage(staff, { preview: body, values: form.values, idempotencyKey: form.values.idempotencyKey });
      return c.html(page.body, page.status);
    }
    return c.redirect(`${base}/broadcasts?sent=${body.recipients}`, 303);
  });
  return app;
}
