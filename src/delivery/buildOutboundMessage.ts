import { choiceOptionSchema, mediaKindSchema, type ChoiceOption, type OutboundMessage } from '../channels/channelTypes';
import { z } from 'zod';

const payloadSchema = z.object({
  to: z.string().optional(),
  options: z.array(choiceOptionSchema).optional(),
  interactive: z.enum(['none', 'buttons', 'list']).optional(),
  textWithOptions: z.string().optional(),
  media: z.object({ kind: mediaKindSchema, url: z.string() }).optional(),
  template: z.object({ name: z.string().min(1), language: z.string().min(2), variables: z.array(z.string()) }).optional(),
});
export type OutboundPayload = z.infer<typeof payloadSchema>;

/** Reads an outbox row's payload; unknown fields are ignored, malformed known ones are reported. */
export function parseOutboundPayload(payload: Record<string, unknown>): { ok: true; payload: OutboundPayload } | { ok: false; reason: string } {
  const parsed = payloadSchema.safeParse(payload);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `payload.${issue.path.join('.')}: ${issue.message}` };
}

/**
 * The channel-neutral message for one outbox row. With `asTemplate` the approved template goes
 * instead of the free-form text (outside the 24-hour window); otherwise text, media and choices
 * (buttons or a list as the engine judged they fit, numbered text otherwise).
 */
export function buildOutboundMessage(to: string, body: string | null, payload: OutboundPayload, asTemplate: boolean): OutboundMessage {
  if (asTemplate && payload.template) return { to, template: payload.template };
  const message: OutboundMessage = { to };
  if (body) message.text = body;
  // Channels join the text and the media as its caption.
  if (payload.media) message.media = { kind: payload.media.kind, url: payload.media.url };
  const options: ChoiceOption[] = payload.options ?? [];
  if (options.length > 0) {
    const interactive = payload.interactive ?? 'none';
    message.choices = { options, presentation: interactive === 'none' ? 'numbered' : interactive };
  }
  return message;
}
