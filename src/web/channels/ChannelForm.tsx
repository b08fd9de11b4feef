import type { OnboardableKind } from '../../channelAdmin/validateChannelConfig';
import type { Staff } from '../auth/staffSessions';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';
import { channelFormFields, kindLabels } from './channelFormFields';
import type { ChannelFormValues } from './readChannelForm';

/** Options of the create form. */
export interface ChannelFormProps {
  staff: Staff;
  kind: OnboardableKind;
  values?: ChannelFormValues;
  error?: FieldError;
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
        <FormField field={{ name: 'name', label: 'Name', type: 'text', required: true, hint: 'How the console shows this number, e.g. Kenya sales line' }} value={values.name} error={errorOf('name')} />
        {fields.map((field) => <FormField field={field} value={values[field.name]} error={errorOf(field.name)} />)}
        {kind === 'cloud_api' && <p class="muted">The webhook verify token is generated for you and shown on the channel's page.</p>}
        <p><button type="submit">Connect</button></p>
      </form>
    </section>
  );
}
