import { z } from 'zod';
import type { BroadcastRequestData } from '../../broadcasts/broadcastInput';

const formSchema = z.object({
  target: z.string().regex(/^(segment|program):[0-9a-f-]{36}$/, 'Pick a segment or a program.'),
  text: z.string().trim().max(4096).default(''),
  templateName: z.string().trim().max(512).default(''),
  templateLanguage: z.string().trim().max(20).default(''),
  intent: z.enum(['count', 'send']).default('count'),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});

/** The form's values, kept to show the form again. */
export type BroadcastFormValues = z.infer<typeof formSchema>;

/**
 * Turns the posted form into the management API's broadcast request (same validation
 * downstream): a segment or a program's active workers, text and/or a template, sent now.
 */
export function readBroadcastForm(body: Record<string, unknown>): { ok: true; values: BroadcastFormValues; request: BroadcastRequestData } | { ok: false; error: string; values: Partial<BroadcastFormValues> } {
  const parsed = formSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'Check the form.', values: {} };
  const values = parsed.data;
  const [kind, id] = values.target.split(':');
  if (!values.text && !values.templateName) return { ok: false, error: 'Write a message, or name a template.', values };
  if (values.templateName && values.templateLanguage.length < 2) return { ok: false, error: 'Give the template language, e.g. en.', values };
  const request: BroadcastRequestData = {
    target: kind === 'segment' ? { segmentId: id } : { programId: id },
    content: {
      ...(values.text ? { text: values.text } : {}),
      ...(values.templateName ? { template: { name: values.templateName, language: values.templateLanguage, variables: [] } } : {}),
    },
    dryRun: values.intent === 'count',
  };
  return { ok: true, values, request };
}
