import type { BroadcastView } from '../../broadcasts/broadcastInput';
import type { Staff } from '../auth/staffSessions';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';

/** What the send form shows: choices, the last values, and a dry run's counts or a refusal. */
export interface BroadcastFormProps {
  staff: Staff;
  segments: { id: string; name: string }[];
  programs: { id: string; name: string }[];
  /** A random key per form: a double submit sends once (the API's Idempotency-Key). */
  idempotencyKey: string;
  values?: { target?: string; text?: string; templateName?: string; templateLanguage?: string };
  /** The counts of a dry run ("Count recipients"). */
  preview?: BroadcastView;
  error?: string;
}

/** The form to send a broadcast to a segment or a program's active workers, now. */
export function BroadcastForm({ staff, segments, programs, idempotencyKey, values = {}, preview, error }: BroadcastFormProps) {
  return (
    <section class="card" aria-labelledby="h-send">
      <h2 id="h-send">Send a broadcast</h2>
      {error && <p class="alert" role="alert">{error}</p>}
      {preview && (
        <p class="notice" role="status" data-testid="broadcast-preview">
          Would reach <strong>{preview.recipients}</strong> workers; {preview.skipped.optedOut} opted out and {preview.skipped.left} who left are skipped;{' '}
          {preview.outsideWindow} are outside the 24-hour window (they get the template, or the message waits).
        </p>
      )}
      <form method="post" action={`${base}/broadcasts`}>
        <CsrfField staff={staff} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <p>
          <label for="b-target">Send to</label>
          <select id="b-target" name="target" required>
            <optgroup label="Segments">{segments.map((s) => <option value={`segment:${s.id}`} selected={values.target === `segment:${s.id}`}>{s.name}</option>)}</optgroup>
            <optgroup label="Programs (active workers)">{programs.map((p) => <option value={`program:${p.id}`} selected={values.target === `program:${p.id}`}>{p.name}</option>)}</optgroup>
          </select>
        </p>
        <p>
          <label for="b-text">Message ({'{{first_name}}'} and {'{{full_name}}'} are filled in per worker)</label>
          <textarea id="b-text" name="text" rows={3} cols={50} maxlength={4096}>{values.text ?? ''}</textarea>
        </p>
        <div class="filters">
          <p><label for="b-template">Template outside the window (optional)</label><input id="b-template" name="templateName" value={values.templateName ?? ''} /></p>
          <p><label for="b-language">Template language</label><input id="b-language" name="templateLanguage" size={6} value={values.templateLanguage ?? 'en'} /></p>
        </div>
        <p>
          <button type="submit" name="intent" value="count" class="secondary">Count recipients</button>{' '}
          <button type="submit" name="intent" value="send">Send now</button>
        </p>
      </form>
    </section>
  );
}
