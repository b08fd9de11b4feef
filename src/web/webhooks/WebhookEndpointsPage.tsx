import type { WebhookEndpointView } from '../../webhooksOut/manageWebhookEndpoints';
import type { Staff } from '../auth/staffSessions';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import { EventCheckboxes } from './EventCheckboxes';
import type { EndpointFormValues } from './readEndpointForm';

/** Options of the endpoints page. */
export interface WebhookEndpointsPageProps {
  staff: Staff;
  endpoints: WebhookEndpointView[];
  /** integrations:manage: the form to add one. */
  canManage: boolean;
  flash?: { kind: 'notice' | 'alert'; text: string };
  values?: EndpointFormValues;
  error?: FieldError;
}

/** The organization's event webhook endpoints (integrations:read) and, for integrations:manage, the form adding one. */
export function WebhookEndpointsPage({ staff, endpoints, canManage, flash, values, error }: WebhookEndpointsPageProps) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  return (
    <Page title="Event webhooks" staff={staff}>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      <p>Signed events (Standard Webhooks) sent to your systems as they happen; also managed with the API (<code>/v1/webhook-endpoints</code>). Learning events also go to a <a href={`${base}/lrs`}>learning record store (xAPI)</a>.</p>
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
                <td>{e.enabled ? 'enabled' : `disabled${e.disabledReason ? `: ${e.disabledReason}` : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && (
        <section class="card" aria-labelledby="h-add">
          <h2 id="h-add">Add an endpoint</h2>
          {error && errorOf('form') && <p class="alert" role="alert">{error.message}</p>}
          <form method="post" action={`${base}/webhooks`}>
            <CsrfField staff={staff} />
            <FormField field={{ name: 'url', label: 'URL', type: 'text', required: true, hint: 'Where events are POSTed: https://…' }} value={values?.url} error={errorOf('url')} />
            <EventCheckboxes selected={values?.events ?? []} error={errorOf('events')} />
            <FormField field={{ name: 'description', label: 'Description (optional)', type: 'text', required: false }} value={values?.description} error={errorOf('description')} />
            <p><button type="submit">Add endpoint</button></p>
          </form>
          <p class="muted">Its signing secret is shown once, on the next page.</p>
        </section>
      )}
    </Page>
  );
}
