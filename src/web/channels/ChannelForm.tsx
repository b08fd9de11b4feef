import type { OnboardableKind } from '../../channels/onboarding/validateChannelConfig';
import type { Staff } from '../auth/staffSessions';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';
import { channelFormFields, kindLabels, type ChannelFormField } from './channelFormFields';
import type { ChannelFormValues } from './readChannelForm';

/** A refusal naming the field at fault (the onboarding's zod path, e.g. `settings.accountSid`). */
export interface FieldError {
  field: string;
  message: string;
}

/** Options of the create form. */
export interface ChannelFormProps {
  staff: Staff;
  kind: OnboardableKind;
  values?: ChannelFormValues;
  error?: FieldError;
}

const idOf = (name: string) => `f-${name.replace('.', '-')}`;
/** The message without its leading `field: `, since it is shown next to that field. */
export const withoutField = (error: FieldError) => (error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message);

/** A form input: the kind's fields, and the channel's name. */
type FieldSpec = Omit<ChannelFormField, 'name'> & { name: string };

function Field({ field, value, error }: { field: FieldSpec; value?: string; error?: FieldError }) {
  const id = idOf(field.name);
  const described = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <p class={error ? 'field invalid' : 'field'}>
      <label for={id}>{field.label}</label>
      <input
        id={id}
        name={field.name}
        type={field.type === 'secret' ? 'password' : field.type === 'number' ? 'number' : 'text'}
        value={field.type === 'secret' ? '' : (value ?? '')}
        required={field.required}
        autocomplete={field.type === 'secret' ? 'new-password' : 'off'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        size={40}
      />
      {field.hint && <span id={`${id}-hint`} class="muted hint">{field.hint}</span>}
      {error && <span id={`${id}-error`} class="field-error" role="alert">{withoutField(error)}</span>}
    </p>
  );
}

/** The form to connect a number of one kind; a refusal is shown next to the field it names. */
export function ChannelForm({ staff, kind, values = {}, error }: ChannelFormProps) {
  const fields = channelFormFields[kind];
  const names = new Set<string>(['name', ...fields.map((f) => f.name)]);
  const errorOf = (name: string) => (error && error.field === name ? error : undefined);
  return (
    <section class="card" aria-labelledby="h-connect">
      <h2 id="h-connect">Connect a {kindLabels[kind]} number</h2>
      {error && !names.has(error.field) && <p class="alert" role="alert">{error.message}</p>}
      <form method="post" action={`${base}/channels/new?kind=${kind}`}>
        <CsrfField staff={staff} />
        <Field field={{ name: 'name', label: 'Name', type: 'text', required: true, hint: 'How the console shows this number, e.g. Kenya sales line' }} value={values.name} error={errorOf('name')} />
        {fields.map((field) => <Field field={field} value={values[field.name]} error={errorOf(field.name)} />)}
        {kind === 'cloud_api' && <p class="muted">The webhook verify token is generated for you and shown on the channel's page.</p>}
        <p><button type="submit">Connect</button></p>
      </form>
    </section>
  );
}
