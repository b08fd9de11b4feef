import type { WebhookEndpointView } from '../../webhooksOut/manageWebhookEndpoints';
import type { Staff } from '../auth/staffSessions';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** The confirmation step before an endpoint is deleted: what goes with it, then the form that deletes it. */
export function DeleteEndpointPage({ staff, endpoint }: { staff: Staff; endpoint: WebhookEndpointView }) {
  const path = `${base}/webhooks/${endpoint.id}`;
  return (
    <Page title={`Delete ${endpoint.url}?`} staff={staff}>
      <p>Its delivery log goes with it, and events still waiting for it are never sent. This cannot be undone; to stop it for a while instead, disable it.</p>
      <form method="post" action={`${path}/delete`}>
        <CsrfField staff={staff} />
        <p>
          <button type="submit">Delete this endpoint</button> <a href={path}>Keep it</a>
        </p>
      </form>
    </Page>
  );
}
