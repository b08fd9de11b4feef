import type { Staff } from '../auth/staffSessions';
import { FormField, withoutField, type FieldError, type FormFieldSpec } from '../layout/FormField';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';
import type { TemplateFormValues } from './readTemplateForm';

/** Org admins of a Cloud API channel: read its templates from Meta again. */
export function SyncTemplatesCard({ staff, channelId }: { staff: Staff; channelId: string }) {
  return (
    <section class="card" aria-labelledby="h-sync">
      <h2 id="h-sync">Sync from Meta</h2>
      <p class="muted">Reads every template of the WhatsApp Business Account (all pages) and stores it; a template Meta no longer lists is marked removed and no longer used.</p>
      <form method="post" action={`${base}/channels/${channelId}/templates/sync`}>
        <CsrfField staff={staff} />
        <button type="submit">Sync from Meta</button>
      </form>
    </section>
  );
}

const templateFields: FormFieldSpec[] = [
  { name: 'name', label: 'Name', type: 'text', required: true, hint: 'The name broadcasts and flows use, e.g. shift_reminder' },
  { name: 'language', label: 'Language', type: 'text', required: true, hint: 'e.g. en or en_US (a flow saying en finds en_US when it is the only English one)' },
  { name: 'contentSid', label: 'Content SID', type: 'text', required: true, hint: "HX followed by 32 hex digits, from Twilio's Content Template Builder (approved for WhatsApp)" },
  { name: 'category', label: 'Category (optional)', type: 'text', required: false, hint: 'UTILITY, MARKETING or AUTHENTICATION' },
];

/** Org admins of a Twilio channel: register an approved Content Template by its SID. */
export function AddTemplateCard({ staff, channelId, values = {}, error }: { staff: Staff; channelId: string; values?: TemplateFormValues; error?: FieldError }) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  const bodyError = errorOf('body');
  const known = new Set([...templateFields.map((f) => f.name), 'body', 'variables']);
  return (
    <section class="card" aria-labelledby="h-add">
      <h2 id="h-add">Add a Twilio template</h2>
      {error && !known.has(error.field) && <p class="alert" role="alert">{error.message}</p>}
      <form method="post" action={`${base}/channels/${channelId}/templates`}>
        <CsrfField staff={staff} />
        {templateFields.map((field) => <FormField field={field} value={values[field.name as keyof TemplateFormValues]} error={errorOf(field.name)} />)}
        <p class={bodyError ? 'field invalid' : 'field'}>
          <label for="f-body">Body (optional, for previews)</label>
          <textarea id="f-body" name="body" rows={3} cols={40} aria-invalid={bodyError ? 'true' : undefined} aria-describedby={bodyError ? 'f-body-hint f-body-error' : 'f-body-hint'}>{values.body ?? ''}</textarea>
          <span id="f-body-hint" class="muted hint">{'With {{1}}…{{n}} placeholders, as in Twilio'}</span>
          {bodyError && <span id="f-body-error" class="field-error" role="alert">{withoutField(bodyError)}</span>}
        </p>
        <FormField
          field={{ name: 'variables', label: 'Variables (optional)', type: 'text', required: false, hint: "Their names in order, separated by commas; default: the body's placeholders" }}
          value={values.variables}
          error={errorOf('variables')}
        />
        <p><button type="submit">Add template</button></p>
      </form>
    </section>
  );
}
