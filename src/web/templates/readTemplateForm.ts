import { ManualTemplateInput, type ManualTemplateData } from '../../templates/manualTemplateInput';
import type { FieldError } from '../layout/FormField';

/** The add form's typed values, kept to show the form again after a refusal. */
export type TemplateFormValues = Partial<Record<'name' | 'language' | 'contentSid' | 'category' | 'body' | 'variables', string>>;

export type TemplateFormReading = { ok: true; input: ManualTemplateData } | { ok: false; error: FieldError; values: TemplateFormValues };

const fields = ['name', 'language', 'contentSid', 'category', 'body', 'variables'] as const;

/**
 * Turns the posted "add a Twilio template" form into the API's input (`ManualTemplateInput`):
 * empty fields left out, variables as a list (commas or spaces between names). A refusal names
 * the field as the API's does (`contentSid: must be …`; a variable's refusal names `variables`).
 */
export function readTemplateForm(body: Record<string, unknown>): TemplateFormReading {
  const values: TemplateFormValues = {};
  for (const field of fields) {
    const raw = body[field];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text !== '') values[field] = text;
  }
  const { variables, ...rest } = values;
  const parsed = ManualTemplateInput.safeParse({ ...rest, ...(variables ? { variables: variables.split(/[\s,]+/).filter((name) => name !== '') } : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? 'name');
    return { ok: false, values, error: { field, message: `${field}: ${issue.message}` } };
  }
  return { ok: true, input: parsed.data };
}
