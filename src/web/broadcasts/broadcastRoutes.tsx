import { Hono } from 'hono';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { formatTime } from '../layout/formatTime';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';

interface BroadcastRow {
  id: string; status: string; target: unknown; created_at: Date; send_at: Date | null; recipients: number; skipped_opted_out: number;
  queued: number; sent: number; delivered: number; read: number; failed: number;
}

/**
 * Broadcasts with live counts from the messages table (the messages_broadcast_index serves
 * them). Sending is the management API's job; the form comes when its function exists.
 */
export function broadcastRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/broadcasts`, requireAction('broadcasts:read'), async (c) => {
    const staff = c.get('staff');
    const rows = await scopedSql<BroadcastRow>(
      forOrganization(deps.engine.orm.em, staff.organizationId),
      `select b.id, b.status, b.target, b.created_at, b.send_at, b.recipients, b.skipped_opted_out,
              count(m.id) filter (where m.status in ('queued', 'sending', 'held'))::int as queued,
              count(m.id) filter (where m.status = 'sent')::int as sent,
              count(m.id) filter (where m.status = 'delivered')::int as delivered,
              count(m.id) filter (where m.status = 'read')::int as read,
              count(m.id) filter (where m.status = 'failed')::int as failed
         from (select * from broadcasts where organization_id = :organization_id order by created_at desc limit 50) b
         left join messages m on m.broadcast_id = b.id and m.organization_id = :organization_id
        group by b.id, b.status, b.target, b.created_at, b.send_at, b.recipients, b.skipped_opted_out
        order by b.created_at desc`,
    );
    return c.html(
      <Page title="Broadcasts" staff={staff}>
        <table aria-label="Broadcasts">
          <thead><tr><th scope="col">Created</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Recipients</th><th scope="col">Queued</th><th scope="col">Sent</th><th scope="col">Delivered</th><th scope="col">Read</th><th scope="col">Failed</th></tr></thead>
          <tbody>
            {rows.map((b) => (
              <tr data-broadcast={b.id}>
                <td>{formatTime(b.created_at, staff.timezone)}{b.send_at && <div class="muted">for {formatTime(b.send_at, staff.timezone)}</div>}</td>
                <td><code>{JSON.stringify(b.target)}</code></td><td>{b.status}</td><td>{b.recipients} ({b.skipped_opted_out} opted out)</td>
                <td>{b.queued}</td><td>{b.sent}</td><td>{b.delivered}</td><td>{b.read}</td><td>{b.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p class="muted">No broadcasts yet. They are sent through the management API (POST /v1/broadcasts).</p>}
      </Page>,
    );
  });
  return app;
}
