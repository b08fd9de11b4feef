import type { Child } from 'hono/jsx';
import { withoutField, type FieldError } from './FormField';

/** Options of a labelled control that is not a plain input (a text area, a select, a file). */
export interface FieldFrameProps {
  /** The control's id; its hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  label: string;
  hint?: string;
  error?: FieldError;
  children?: Child;
}

/** The aria attributes of a control framed by FieldFrame: invalid when refused, described by its hint and error. */
export function fieldAria(id: string, hint?: string, error?: FieldError) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described || undefined };
}

/** A label, the control, its hint and the refusal that names it next to it, as FormField lays out an input. */
export function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  return (
    <p class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && <span id={`${id}-hint`} class="muted hint">{hint}</span>}
      {error && <span id={`${id}-error`} class="field-error" role="alert">{withoutField(error)}</span>}
    </p>
  );
}
