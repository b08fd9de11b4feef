import type { ChannelWebhooks } from '../../channelAdmin/buildWebhookUrls';
import type { VerifyResult } from '../../channelAdmin/verifyTypes';
import type { Staff } from '../auth/staffSessions';
import { formatTime } from '../layout/formatTime';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import { ChannelHealthCard } from './ChannelHealthCard';
import type { FieldError } from '../layout/FormField';
import { kindLabel } from './channelFormFields';
import type { ChannelPageData } from './loadChannelPage';
import { PairingSection } from './PairingPanel';
import { ReplaceSecretForm } from './ReplaceSecretForm';

/** Options of a channel's page. */
export interface ChannelPageProps {
  staff: Staff;
  data: ChannelPageData;
  /** Org admins: check the connection, pair, delete. */
  canManage: boolean;
  flash?: { kind: 'notice' | 'alert'; text: string };
  /** The answer of "Check connection". */
  verified?: VerifyResult;
  /** The pairing-code form's last value and its refusal. */
  pairingForm?: { phoneNumber: string; error?: FieldError };
}

function Copyable({ label, value, testId }: { label: string; value: string; testId: string }) {
  return <><dt>{label}</dt><dd><code data-testid={testId}>{value}</code></dd></>;
}

/** What to paste into the provider's console, and the setup checklist. */
function WebhookCard({ webhooks }: { webhooks: ChannelWebhooks | null }) {
  return (
    <section class="card" aria-labelledby="h-setup">
      <h2 id="h-setup">Set it up</h2>
      {!webhooks && <p class="alert">The server has no PUBLIC_URL: set it to the address providers call, and the webhook URLs to paste appear here.</p>}
      {webhooks?.kind === 'twilio' && (
        <dl class="facts">
          <Copyable label="When a message comes in (HTTP POST)" value={webhooks.inboundUrl} testId="inbound-url" />
          <Copyable label="Status callback (set by the engine on each message)" value={webhooks.statusCallbackUrl} testId="status-url" />
        </dl>
      )}
      {webhooks?.kind === 'cloud_api' && (
        <dl class="facts">
          <Copyable label="Callback URL" value={webhooks.callbackUrl} testId="callback-url" />
          {webhooks.verifyToken ? <Copyable label="Verify token" value={webhooks.verifyToken} testId="verify-token" /> : <><dt>Verify token</dt><dd>cannot be opened here (no ENCRYPTION_KEY)</dd></>}
        </dl>
      )}
      {webhooks && <ol class="checklist">{webhooks.checklist.map((step) => <li>{step}</li>)}</ol>}
    </section>
  );
}

function VerifyAnswer({ result }: { result: VerifyResult }) {
  return (
    <div class={result.ok ? 'notice' : 'alert'} role="status" data-testid="verify-result">
      <p><strong>{result.ok ? 'The connection works.' : 'Something is wrong with the connection.'}</strong></p>
      <ul>{result.checks.map((check) => <li>{check.ok ? '✓' : '✗'} {check.message}{check.providerCode && <span class="muted"> (provider code {check.providerCode})</span>}</li>)}</ul>
    </div>
  );
}

/** A channel: what to paste where, the setup checklist, secret hints, the connection check, health and pairing. */
export function ChannelPage({ staff, data, canManage, flash, verified, pairingForm }: ChannelPageProps) {
  const { view, health, pairing } = data;
  const path = `${base}/channels/${view.id}`;
  const secrets = Object.entries(view.secrets);
  const settings = Object.entries(view.settings);
  return (
    <Page title={view.name} staff={staff} scripts={pairing ? [`${base}/assets/live-pairing.js`] : []}>
      <p><a href={`${base}/channels`}>All channels</a> · {kindLabel(view.kind)} · {view.address} · {view.status}</p>
      {flash && <p class={flash.kind} role="status">{flash.text}</p>}
      <div class="grid">
        <WebhookCard webhooks={view.webhooks} />
        <section class="card" aria-labelledby="h-config">
          <h2 id="h-config">Settings and secrets</h2>
          <dl class="facts">
            {settings.map(([key, value]) => <><dt>{key}</dt><dd>{typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)}</dd></>)}
            {secrets.map(([name, hint]) => <><dt>{name}</dt><dd data-testid={`secret-${name}`}>{hint.lastFour ? `ending in …${hint.lastFour}` : 'set (too short to show its end)'}, set {formatTime(hint.setAt, staff.timezone)}</dd></>)}
          </dl>
          {secrets.length > 0 && <p class="muted">Secrets are never shown again: only their last four characters.</p>}
          {canManage && (view.kind === 'twilio' || view.kind === 'cloud_api') && <ReplaceSecretForm staff={staff} channelId={view.id} kind={view.kind} />}
          {canManage && data.row.retired_secrets_ciphertext && (
            <form method="post" action={`${path}/retired-secrets/revoke`}>
              <CsrfField staff={staff} />
              <p class="muted">A replaced signing secret is still accepted until its grace period ends. If it leaked, revoke it now.</p>
              <p><button type="submit" class="secondary">Revoke replaced secrets now</button></p>
            </form>
          )}
          {(view.kind === 'twilio' || view.kind === 'cloud_api') && <p><a href={`${path}/templates`}>Message templates</a></p>}
        </section>
      </div>
      {pairing && (
        <PairingSection
          staff={staff} channelId={view.id} pairing={pairing} canManage={canManage} error={pairingForm?.error}
          phoneNumber={pairingForm?.phoneNumber ?? (typeof view.settings.phoneNumber === 'string' ? view.settings.phoneNumber : undefined)}
        />
      )}
      {canManage && (
        <section class="card" aria-labelledby="h-check">
          <h2 id="h-check">Check the connection</h2>
          {verified && <VerifyAnswer result={verified} />}
          <form method="post" action={`${path}/verify`}>
            <CsrfField staff={staff} />
            <button type="submit">Check connection</button>
          </form>
        </section>
      )}
      <ChannelHealthCard health={health} timeZone={staff.timezone} />
      {canManage && (
        <section class="card" aria-labelledby="h-delete">
          <h2 id="h-delete">Delete</h2>
          <form method="post" action={`${path}/delete`}>
            <CsrfField staff={staff} />
            <p class="muted">Refused while a running program or a scheduled broadcast uses this number, unless forced (its queued messages then fail). Its message history is kept.</p>
            <p><label><input type="checkbox" name="force" value="true" /> Delete even if in use</label></p>
            <button type="submit" class="secondary">Delete this channel</button>
          </form>
        </section>
      )}
    </Page>
  );
}
