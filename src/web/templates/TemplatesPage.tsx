import type { ChannelRow } from '../../channels/onboarding/readChannelRows';
import type { TemplateView } from '../../templates/templateRows';
import { noTemplatesReason, templateSourceOf } from '../../templates/templateSources';
import type { Staff } from '../auth/staffSessions';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** What the templates page shows: the channel, its templates, and the last preview or its refusal. */
export interface TemplatesPageProps {
  staff: Staff;
  channel: Pick<ChannelRow, 'id' | 'name' | 'kind'>;
  templates: TemplateView[];
  /** The preview form's last values. */
  values?: { templateId?: string; variables?: string };
  preview?: string;
  error?: string;
}

function TemplateTable({ templates }: { templates: TemplateView[] }) {
  if (templates.length === 0) return <p class="muted">No templates yet.</p>;
  return (
    <table class="wide" aria-label="Templates">
      <thead><tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Status</th><th scope="col">Variables</th><th scope="col">Category</th><th scope="col">Body</th><th scope="col">Content SID</th></tr></thead>
      <tbody>
        {templates.map((t) => (
          <tr data-template={t.id}>
            <td>{t.name}</td><td>{t.language}</td><td>{t.status}</td>
            <td>{t.variables.map((v) => `{{${v}}}`).join(', ') || 'none'}</td>
            <td>{t.category ?? ''}</td><td>{t.body ?? <span class="muted">no body</span>}</td><td>{t.contentSid ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A channel's message templates and a form to preview one with sample variables. */
export function TemplatesPage({ staff, channel, templates, values = {}, preview, error }: TemplatesPageProps) {
  const source = templateSourceOf(channel.kind);
  const previewable = templates.filter((t) => t.body);
  return (
    <Page title={`Templates of ${channel.name}`} staff={staff}>
      {!source && <p class="notice" role="status">{noTemplatesReason(channel.kind)}.</p>}
      {source === 'sync' && <p class="muted">Synced from the WhatsApp Business Account (POST /v1/channels/{channel.id}/templates/sync).</p>}
      {source === 'manual' && <p class="muted">Twilio templates are registered by hand with their Content SID (POST /v1/channels/{channel.id}/templates).</p>}
      <TemplateTable templates={templates} />
      {previewable.length > 0 && (
        <section class="card" aria-labelledby="h-preview">
          <h2 id="h-preview">Preview</h2>
          {error && <p class="alert" role="alert">{error}</p>}
          {preview !== undefined && <p class="notice" role="status" data-testid="template-preview">{preview}</p>}
          <form method="post" action={`${base}/channels/${channel.id}/templates/preview`}>
            <CsrfField staff={staff} />
            <p>
              <label for="t-template">Template</label>
              <select id="t-template" name="templateId" required>
                {previewable.map((t) => <option value={t.id} selected={values.templateId === t.id}>{`${t.name} (${t.language})`}</option>)}
              </select>
            </p>
            <p>
              <label for="t-variables">Sample variables, one per line, in order</label>
              <textarea id="t-variables" name="variables" rows={3} cols={40}>{values.variables ?? ''}</textarea>
            </p>
            <p><button type="submit">Preview</button></p>
          </form>
        </section>
      )}
    </Page>
  );
}
