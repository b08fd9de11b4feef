import { Hono } from 'hono';
import { z } from 'zod';
import { forOrganization } from '../../db/tenancy/scopes';
import { listEndpointDeliveries } from '../../webhooksOut/listEndpointDeliveries';
import { listWebhookEndpoints, readWebhookEndpoint } from '../../webhooksOut/manageWebhookEndpoints';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';

const notFound = 'No webhook endpoint with this id in your organization.';

/** Event webhook endpoints and each one's delivery log (read-only; managed through /v1/webhook-endpoints). */
export function webhookRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/webhooks`, requireAction('integrations:read'), async (c) => {
    const staff = c.get('staff');
    const endpoints = await listWebhookEndpoints(forOrganization(deps.engine.orm.em, staff.organizationId));
    return c.html(
      <Page title="Event webhooks" staff={staff}>
        <p>Signed events sent to your systems. Add, change or enable endpoints with the API (<code>/v1/webhook-endpoints</code>).</p>
        {endpoints.length === 0 ? (
          <p class="muted">No endpoint yet: nothing is sent until one is added.</p>
        ) : (
          <table aria-label="Webhook endpoints">
            <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th></tr></thead>
            <tbody>
              {endpoints.map((e) => (
                <tr>
                  <td><a href={`${base}/webhooks/${e.id}`}>{e.url}</a>{e.description ? <span class="muted"> · {e.description}</span> : null}</td>
                  <td>{e.events.join(', ')}</td>
                  <td>{e.enabled ? 'enabled' : `disabled: ${e.disabledReason ?? ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Page>,
    );
  });
  app.get(`${base}/webhooks/:id`, requireAction('integrations:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    if (!z.uuid().safeParse(id).success) return c.text(notFound, 404);
    const em = forOrganization(deps.engine.orm.em, staff.organizationId);
    const endpoint = await readWebhookEndpoint(em, id);
    if (!endpoint) return c.text(notFound, 404);
    const cursor = c.req.query('before');
    const { deliveries, nextCursor } = await listEndpointDeliveries(em, id, { limit: 50, before: cursor && /^\d{1,19}$/.test(cursor) ? cursor : undefined });
    return c.html(
      <Page title={`Deliveries to ${endpoint.url}`} staff={staff}>
        <p>{endpoint.enabled ? 'Enabled' : `Disabled: ${endpoint.disabledReason ?? ''}`} · events: {endpoint.events.join(', ')}</p>
        {deliveries.length === 0 ? (
          <p class="muted">Nothing delivered yet: events of the subscribed types appear here as they happen.</p>
        ) : (
          <table aria-label="Delivery log, newest first">
            <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">HTTP</th><th scope="col">Answer ms</th><th scope="col">Error</th></tr></thead>
            <tbody>
              {deliveries.map((d) => (
                <tr>
                  <td>{d.createdAt}</td>
                  <td>{d.eventType}<span class="muted"> {d.eventId}</span></td>
                  <td>{d.status}{d.nextAttemptAt ? ` (next ${d.nextAttemptAt})` : ''}</td>
                  <td>{d.attempts}</td>
                  <td>{d.lastStatus ?? '—'}</td>
                  <td>{d.answerMs ?? '—'}</td>
                  <td>{d.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {nextCursor ? <p><a href={`${base}/webhooks/${id}?before=${nextCursor}`}>Older deliveries</a></p> : null}
      </Page>,
    );
  });
  return app;
}
