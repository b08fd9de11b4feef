import type { DeliveryLogEntry } from '../../webhooksOut/listEndpointDeliveries';
import type { WebhookEndpointView } from '../../webhooksOut/manageWebhookEndpoints';
import type { Staff } from '../auth/staffSessions';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import { EventCheckboxes } from './EventCheckboxes';
import type { EndpointFormValues } from './readEndpointForm';

/** Options of one endpoint's page. */
export interface WebhookEndpointPageProps {
  staff: Staff;
  endpoint: WebhookEndpointView;
  deliveries: DeliveryLogEntry[];
  /** The `before` of the next (older) page of the log. */
  nextCursor: string | null;
  /** integrations:manage: the forms changing it, rotating its secret, deleting it, and the replay buttons. */
  canManage: boolean;
  /** The signing secret, only right after the endpoint was added or its secret rotated. */
  secret?: string;
  flash?: { kind: 'notice' | 'alert'; text: string };
  values?: EndpointFormValues;
  error?: FieldError;
}

/** An endpoint: its secret once when just added or rotated, the forms changing it, enabling or disabling it, rotating its secret, a link to delete it, and its delivery log with replay. */
export function WebhookEndpointPage({ staff, endpoint, deliveries, nextCursor, canManage, secret, flash, values, error }: WebhookEndpointPageProps) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  const path = `${base}/webhooks/${endpoint.id}`;
  return (
    <Page title={`Deliveries to ${endpoint.url}`} staff={staff}>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      {secret && (
        <p class="notice" role="status">
          Copy this signing secret now: it is not shown again. <code data-testid="signing-secret">{secret}</code>
        </p>
      )}
      <p data-testid="endpoint-state">{endpoint.enabled ? 'Enabled' : `Disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`} · events: {endpoint.events.join(', ')}</p>
      {canManage && (
        <form method="post" action={`${path}/enabled`}>
          <CsrfField staff={staff} />
          <input type="hidden" name="enabled" value={endpoint.enabled ? 'false' : 'true'} />
          <button type="submit" class="secondary">{endpoint.enabled ? 'Disable' : 'Enable (waiting events go out, oldest first)'}</button>
        </form>
      )}
      {deliveries.length === 0 ? (
        <p class="muted">Nothing delivered yet: events of the subscribed types appear here as they happen.</p>
      ) : (
        <table aria-label="Delivery log, newest first">
          <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">HTTP</th><th scope="col">Answer ms</th><th scope="col">Error</th>{canManage && <th scope="col"><span class="muted">Replay</span></th>}</tr></thead>
          <tbody>
            {deliveries.map((d) => (
              <tr data-delivery={d.id}>
                <td>{d.createdAt}</td>
                <td>{d.eventType}<span class="muted"> {d.eventId}</span></td>
                <td>{d.status}{d.nextAttemptAt ? ` (next ${d.nextAttemptAt})` : ''}{d.replayOf ? <span class="muted"> (replay of {d.replayOf})</span> : null}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatus ?? '—'}</td>
                <td>{d.answerMs ?? '—'}</td>
                <td>{d.lastError ?? ''}</td>
                {canManage && (
                  <td>
                    {(d.status === 'delivered' || d.status === 'failed') && (
                      <form method="post" action={`${path}/deliveries/${d.id}/replay`}>
                        <CsrfField staff={staff} />
                        <button type="submit" class="secondary" aria-label={`Replay delivery ${d.id}`}>Replay</button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? <p><a href={`${path}?before=${nextCursor}`}>Older deliveries</a></p> : null}
      {canManage && (
        <section class="card" aria-labelledby="h-change">
          <h2 id="h-change">Change this endpoint</h2>
          {error && errorOf('form') && <p class="alert" role="alert">{error.message}</p>}
          <form method="post" action={path}>
            <CsrfField staff={staff} />
            <FormField field={{ name: 'url', label: 'URL', type: 'text', required: true }} value={values?.url ?? endpoint.url} error={errorOf('url')} />
            <EventCheckboxes selected={values?.events ?? endpoint.events} error={errorOf('events')} />
            <FormField field={{ name: 'description', label: 'Description (optional)', type: 'text', required: false }} value={values?.description ?? endpoint.description ?? ''} error={errorOf('description')} />
            <p><button type="submit">Save changes</button></p>
          </form>
        </section>
      )}
      {canManage && (
        <section class="card" aria-labelledby="h-secret">
          <h2 id="h-secret">Signing secret</h2>
          <p class="muted">A new secret is shown once. The current one stops at once, with no grace period: update your receiver right after, or events it receives fail verification until then.</p>
          <form method="post" action={`${path}/secret`}>
            <CsrfField staff={staff} />
            <button type="submit" class="secondary">Rotate the signing secret</button>
          </form>
        </section>
      )}
      {canManage && (
        <section class="card" aria-labelledby="h-delete">
          <h2 id="h-delete">Delete</h2>
          <p><a href={`${path}/delete`}>Delete this endpoint…</a> <span class="muted">(with its delivery log; asks to confirm first)</span></p>
        </section>
      )}
    </Page>
  );
}
