import type { ChannelRow } from '../../channelAdmin/readChannelRows';
import type { TemplateView } from '../../templates/templateRows';
import { formatPlaceholders } from '../../templates/formatPlaceholders';
import { noTemplatesReason, templateSourceOf } from '../../templates/templateSources';
import type { Staff } from '../auth/staffSessions';
import type { FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import type { TemplateFormValues } from './readTemplateForm';
import { AddTemplateCard, SyncTemplatesCard } from './TemplateForms';

/** What the templates page shows: the channel, its templates, and the last preview, sync or add with its refusal. */
export interface TemplatesPageProps {
  staff: Staff;
  channel: Pick<ChannelRow, 'id' | 'name' | 'kind'>;
  templates: TemplateView[];
  /** Org admins (`channels:manage`): sync from Meta, add and delete Twilio templates. */
  canManage: boolean;
  /** What the last sync, add or delete did, or why it was refused, in words. */
  flash?: { kind: 'notice' | 'alert'; text: string };
  /** The add form's last values and its refusal. */
  addForm?: { values: TemplateFormValues; error?: FieldError };
  /** The preview form's last values. */
  values?: { templateId?: string; variables?: string };
  preview?: string;
  error?: string;
}

/** Deletes a template entered by hand (a synced one follows Meta). */
function DeleteButton({ staff, template }: { staff: Staff; template: TemplateView }) {
  return (
    <form method="post" action={`${base}/channels/${template.channelId}/templates/${template.id}/delete`}>
      <CsrfField staff={staff} />
      <button type="submit" class="secondary" aria-label={`Delete ${template.name} (${template.language})`}>Delete</button>
    </form>
  );
}

function TemplateTable({ staff, templates, canDelete }: { staff: Staff; templates: TemplateView[]; canDelete: boolean }) {
  if (templates.length === 0) return <p class="muted">No templates yet.</p>;
  return (
    <table class="wide" aria-label="Templates">
      <thead><tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Status</th><th scope="col">Variables</th><th scope="col">Category</th><th scope="col">Body</th><th scope="col">Content SID</th>{canDelete && <th scope="col"><span class="muted">Delete</span></th>}</tr></thead>
      <tbody>
        {templates.map((t) => (
          <tr data-template={t.id}>
            <td>{t.name}</td><td>{t.language}</td><td>{t.status}</td>
            <td>{formatPlaceholders(t.variables) || 'none'}</td>
            <td>{t.category ?? ''}</td><td>{t.body ?? <span class="muted">no body</span>}</td><td>{t.contentSid ?? ''}</td>
            {canDelete && <td>{t.source === 'manual' && <DeleteButton staff={staff} template={t} />}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A channel's message templates, a form to preview one with sample variables, and for org admins
 * "Sync from Meta" (Cloud API) or "Add a Twilio template" (Twilio).
 */
export function TemplatesPage({ staff, channel, templates, canManage, flash, addForm, values = {}, preview, error }: TemplatesPageProps) {
  const source = templateSourceOf(channel.kind);
  const previewable = templates.filter((t) => t.body);
  return (
    <Page title={`Templates of ${channel.name}`} staff={staff}>
      <p><a href={`${base}/channels/${channel.id}`}>Back to {channel.name}</a></p>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'} data-testid="templates-flash">{flash.text}</p>}
      {!source && <p class="notice" role="status">{noTemplatesReason(channel.kind)}.</p>}
      {source === 'sync' && <p class="muted">Synced from the WhatsApp Business Account (POST /v1/channels/{channel.id}/templates/sync).</p>}
      {source === 'manual' && <p class="muted">Twilio templates are registered by hand with their Content SID (POST /v1/channels/{channel.id}/templates).</p>}
      <TemplateTable staff={staff} templates={templates} canDelete={canManage && source === 'manual'} />
      {canManage && source === 'sync' && <SyncTemplatesCard staff={staff} channelId={channel.id} />}
      {canManage && source === 'manual' && <AddTemplateCard staff={staff} channelId={channel.id} values={addForm?.values} error={addForm?.error} />}
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
