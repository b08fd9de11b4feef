import type { OnboardableKind } from '../../channelAdmin/validateChannelConfig';
import type { Staff } from '../auth/staffSessions';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';
import { channelFormFields } from './channelFormFields';

/** The secrets of a kind an admin may replace, by their name in `secrets` and their label. */
export function replaceableSecrets(kind: OnboardableKind): { name: string; label: string }[] {
  return channelFormFields[kind].filter((field) => field.name.startsWith('secrets.')).map((field) => ({ name: field.name.slice('secrets.'.length), label: field.label.replace(/ \(optional\)$/, '') }));
}

/**
 * Org admins: give a secret its new value (rotating the Twilio Auth Token, the Meta app secret or
 * access token, the API key). The value is a password input, never shown again.
 */
export function ReplaceSecretForm({ staff, channelId, kind }: { staff: Staff; channelId: string; kind: OnboardableKind }) {
  const secrets = replaceableSecrets(kind);
  return (
    <form method="post" action={`${base}/channels/${channelId}/secrets`}>
      <CsrfField staff={staff} />
      <p>
        <label for="r-secret">Secret to replace</label>
        <select id="r-secret" name="secret" required>{secrets.map((s) => <option value={s.name}>{s.label}</option>)}</select>
      </p>
      <p>
        <label for="r-value">New value</label>
        <input id="r-value" name="value" type="password" autocomplete="new-password" required size={40} />
      </p>
      <p class="muted">A replaced webhook signing secret (Twilio Auth Token, Meta app secret) is still accepted for the grace period (SECRET_GRACE_SECONDS, 24 hours by default), so webhooks in flight are not lost.</p>
      <p><button type="submit" class="secondary">Replace secret</button></p>
    </form>
  );
}
