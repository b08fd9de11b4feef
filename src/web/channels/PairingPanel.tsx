import type { BaileysPairingState } from '../../channels/baileys/baileysTypes';
import type { Staff } from '../auth/staffSessions';
import { formatTime } from '../layout/formatTime';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';
import { withoutField, type FieldError } from '../layout/FormField';
import type { PairingData } from './loadPairing';

const stateWords: Record<BaileysPairingState, string> = {
  pairing: 'Waiting for pairing: on the phone, open WhatsApp > Linked devices > Link a device and scan the QR code.',
  open: 'Connected: the number is linked.',
  closed: 'Not connected: the connection is being (re)opened by the instance that holds it.',
  logged_out: 'Logged out: the phone unlinked this device. Pair it again to use the number.',
};

/** The live part of the pairing section (replaced by the events stream): state, QR image, pairing code. */
export function PairingStatus({ channelId, pairing, timeZone }: { channelId: string; pairing: PairingData; timeZone: string }) {
  const { session, qrImage } = pairing;
  const code = session.pairingCode;
  return (
    <div id="pairing-live" data-state={session.state} data-events={`${base}/channels/${channelId}/pairing/events`} aria-live="polite">
      <p data-testid="pairing-state"><strong>{stateWords[session.state]}</strong></p>
      {session.meJid && session.state === 'open' && <p class="muted">Linked as {session.meJid}</p>}
      {qrImage && (
        <figure class="qr">
          <img src={qrImage} width={288} height={288} alt="Pairing QR code: scan it with WhatsApp > Linked devices" />
          <figcaption class="muted">QR received {formatTime(session.qrAt, timeZone)}; WhatsApp replaces it about every 20 seconds and this page follows.</figcaption>
        </figure>
      )}
      {code && (
        <p class={code.error ? 'alert' : 'notice'} data-testid="pairing-code">
          {code.code && <>Pairing code for {code.phone}: <strong class="code">{code.code}</strong>. On the phone: Linked devices &gt; Link a device &gt; Link with phone number instead.</>}
          {code.error && <>No pairing code for {code.phone}: {code.error}.</>}
          {!code.answeredAt && <>Pairing code asked for {code.phone} at {formatTime(code.requestedAt, timeZone)}: waiting for the instance that holds the connection.</>}
        </p>
      )}
      {session.logoutRequested && <p class="notice">Logout asked: waiting for the instance that holds the connection.</p>}
      {session.lastError && session.state !== 'open' && <p class="muted">Last connection problem: {session.lastError}</p>}
    </div>
  );
}

/** Hidden unless the pairing state is one of `states` (the live script re-applies it on each change). */
const when = (states: BaileysPairingState[], current: BaileysPairingState) => ({ 'data-when': states.join(' '), hidden: !states.includes(current) });

/** Pairing by code, logout and pairing again (org admins). */
export function PairingControls({ staff, channelId, state, phoneNumber, error }: { staff: Staff; channelId: string; state: BaileysPairingState; phoneNumber?: string; error?: FieldError }) {
  const action = (path: string) => `${base}/channels/${channelId}/pairing/${path}`;
  return (
    <div class="pairing-controls">
      <form method="post" action={action('code')} {...when(['pairing'], state)}>
        <CsrfField staff={staff} />
        <p class={error ? 'field invalid' : 'field'}>
          <label for="p-phone">Or link with a code: the phone number to link (E.164)</label>
          <input id="p-phone" name="phoneNumber" value={phoneNumber ?? ''} placeholder="+15550001234" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'p-phone-error' : undefined} />{' '}
          <button type="submit">Get a pairing code</button>
          {error && <span id="p-phone-error" class="field-error" role="alert">{withoutField(error)}</span>}
        </p>
      </form>
      <form method="post" action={action('logout')} {...when(['open', 'closed', 'pairing'], state)}>
        <CsrfField staff={staff} />
        <button type="submit" class="secondary">Log out this device</button>
      </form>
      <form method="post" action={action('relink')} {...when(['logged_out'], state)}>
        <CsrfField staff={staff} />
        <button type="submit">Pair again</button>
      </form>
    </div>
  );
}

/** The pairing section of a linked-device channel's page. */
export function PairingSection(props: { staff: Staff; channelId: string; pairing: PairingData; canManage: boolean; phoneNumber?: string; error?: FieldError }) {
  return (
    <section class="card" aria-labelledby="h-pairing">
      <h2 id="h-pairing">Pairing</h2>
      <PairingStatus channelId={props.channelId} pairing={props.pairing} timeZone={props.staff.timezone} />
      {props.canManage && <PairingControls staff={props.staff} channelId={props.channelId} state={props.pairing.session.state} phoneNumber={props.phoneNumber} error={props.error} />}
    </section>
  );
}
