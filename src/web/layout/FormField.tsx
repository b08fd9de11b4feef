/** A refusal naming the field at fault (a zod path, e.g. `settings.accountSid`). */
export interface FieldError {
  field: string;
  message: string;
}

/** One input of a console form: its name is the path the validation names. */
export interface FormFieldSpec {
  name: string;
  label: string;
  /** `secret` fields are password inputs, never shown again. */
  type: 'text' | 'secret' | 'number';
  required: boolean;
  hint?: string;
}

const idOf = (name: string) => `f-${name.replace('.', '-')}`;
/** The message without its leading `field: `, since it is shown next to that field. */
export const withoutField = (error: FieldError) => (error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message);

/** A labelled input with its hint, and the refusal that names it shown next to it. */
export function FormField({ field, value, error }: { field: FormFieldSpec; value?: string; error?: FieldError }) {
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
