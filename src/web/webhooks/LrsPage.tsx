import type { LrsConfigView } from '../../webhooksOut/xapi/lrsConfig';
import type { Staff } from '../auth/staffSessions';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** What the LRS form posted (never the password), kept to show the form again when refused. */
export interface LrsFormValues {
  endpoint: string;
  username: string;
  homePage: string;
  sendFreeText: boolean;
  enabled: boolean;
}

/** Options of the LRS page. */
export interface LrsPageProps {
  staff: Staff;
  lrs: LrsConfigView | undefined;
  /** integrations:manage: the form setting it. */
  canManage: boolean;
  flash?: { kind: 'notice' | 'alert'; text: string };
  values?: LrsFormValues;
  error?: FieldError;
}

/** The organization's learning record store (integrations:read) and, for integrations:manage, the form setting it. */
export function LrsPage({ staff, lrs, canManage, flash, values, error }: LrsPageProps) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  const shown = values ?? lrs ?? { endpoint: '', username: '', homePage: '', sendFreeText: false, enabled: true };
  return (
    <Page title="Learning record store (xAPI)" staff={staff}>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      <p>Learning events (touchpoints, quizzes, reflections, badges, journeys, programs) also go to your LRS as xAPI 1.0.3 statements; workers are accounts under your home page, never their phone numbers. Also set with the API (<code>/v1/lrs-config</code>). <a href={`${base}/webhooks`}>Event webhooks</a></p>
      {lrs ? (
        <table aria-label="LRS settings">
          <tbody>
            <tr><th scope="row">Endpoint</th><td>{lrs.endpoint}</td></tr>
            <tr><th scope="row">Username</th><td>{lrs.username}</td></tr>
            <tr><th scope="row">Home page</th><td>{lrs.homePage}</td></tr>
            <tr><th scope="row">Free text (typed answers, reflections)</th><td>{lrs.sendFreeText ? 'sent in result.response' : 'never sent'}</td></tr>
            <tr><th scope="row">State</th><td>{lrs.enabled ? 'sending' : 'paused'} · changed {lrs.updatedAt}</td></tr>
          </tbody>
        </table>
      ) : (
        <p class="muted">No LRS set: no statement is sent.</p>
      )}
      {canManage && (
        <section class="card" aria-labelledby="h-lrs">
          <h2 id="h-lrs">{lrs ? 'Change the LRS' : 'Set an LRS'}</h2>
          {error && errorOf('form') && <p class="alert" role="alert">{error.message}</p>}
          <form method="post" action={`${base}/lrs`}>
            <CsrfField staff={staff} />
            <FormField field={{ name: 'endpoint', label: 'xAPI endpoint', type: 'text', required: true, hint: 'e.g. https://lrs.example.com/xapi/' }} value={shown.endpoint} error={errorOf('endpoint')} />
            <FormField field={{ name: 'username', label: 'Username (key)', type: 'text', required: true }} value={shown.username} error={errorOf('username')} />
            <FormField
              field={{ name: 'password', label: 'Password (secret)', type: 'secret', required: !lrs, hint: lrs ? 'Stored sealed, never shown. Leave empty to keep the stored password (the API requires one: it cannot be cleared, only replaced).' : 'Stored sealed, never shown.' }}
              error={errorOf('password')}
            />
            <FormField field={{ name: 'homePage', label: "Your organization's home page", type: 'text', required: true, hint: 'Workers are xAPI accounts under it, e.g. https://acme.example.com' }} value={shown.homePage} error={errorOf('homePage')} />
            <p><label><input type="checkbox" name="sendFreeText" value="true" checked={shown.sendFreeText} /> Let free text (typed answers, reflections) leave in statements</label></p>
            <p><label><input type="checkbox" name="enabled" value="true" checked={shown.enabled} /> Send statements</label></p>
            <p><button type="submit">Save LRS</button></p>
          </form>
        </section>
      )}
    </Page>
  );
}
