import { z } from '@hono/zod-openapi';
import { storableInstant } from '../time/storableDates';

/**
 * Most workers one broadcast lists: a listed id costs 39 bytes of JSON (`"…",`), so 25,000 take
 * 975,000 of the body's 1 MiB (API and signed webhook alike), leaving room for the content.
 */
export const MAX_LISTED_WORKERS = 25_000;

/** Who a broadcast reaches: a segment's members, a program's active workers, or listed workers. */
export const BroadcastTarget = z.union([
  z.strictObject({ segmentId: z.uuid() }),
  z.strictObject({ programId: z.uuid() }),
  z.strictObject({ workerIds: z.array(z.uuid()).min(1).max(MAX_LISTED_WORKERS, `list at most ${MAX_LISTED_WORKERS} workers (the body limit is 1 MiB): target a segment for more`) }),
], { error: 'give exactly one of segmentId, programId or workerIds (a list of worker ids)' }).openapi({ description: `Exactly one of segmentId, programId (its active assignments) or workerIds (at most ${MAX_LISTED_WORKERS})`, example: { segmentId: '00000000-0000-4000-8000-000000000020' } });

const placeholderNote = '{{first_name}} and {{full_name}} are replaced per worker (as in flow files)';

/** What is sent: text or a library content item (by id or key), and/or an approved template with variables (used outside the 24-hour window). */
export const BroadcastContent = z
  .strictObject({
    contentId: z.uuid().optional().openapi({ description: "A content item's text (GET /v1/content), in each worker's language" }),
    contentKey: z
      .string()
      .max(200)
      .regex(/^[a-z][a-z0-9_-]*(\/[a-z][a-z0-9_-]*)?$/, 'must be a library key such as "hand-washing" or "safety-training/ppe-quiz" (GET /v1/content)')
      .optional()
      .openapi({ description: "A content item by its library key (its latest version; GET /v1/content), in each worker's language", example: 'safety-training/ppe-quiz' }),
    text: z.string().min(1).max(4096).optional().openapi({ description: `Free-form text; ${placeholderNote}`, example: 'Hi {{first_name}}, the depot closes early today.' }),
    template: z
      .strictObject({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(20),
        variables: z.array(z.string().max(1024)).max(20).default([]).openapi({ description: `Template variables in order; ${placeholderNote}` }),
      })
      .optional(),
  })
  .refine((content) => content.text || content.contentId || content.contentKey || content.template, { message: 'give text, a content item (contentId or contentKey), a template, or text and a template' })
  .refine((content) => [content.text, content.contentId, content.contentKey].filter(Boolean).length <= 1, { message: 'give one of text, contentId and contentKey', path: ['contentId'] });

export const BroadcastRequest = z.strictObject({
  target: BroadcastTarget,
  content: BroadcastContent,
  /** When to send (ISO 8601); omitted or past: now. */
  sendAt: storableInstant.optional().openapi({ description: 'ISO 8601 time to send at; omitted: now' }),
  /** The channel to send on; omitted: each worker's last channel, else the organization's default. */
  channelId: z.uuid().optional(),
  /** Count only: how many would be reached, skipped, outside the 24-hour window. Nothing is sent or stored. */
  dryRun: z.boolean().default(false),
});
export type BroadcastRequestData = z.infer<typeof BroadcastRequest>;

export const BroadcastSchema = z
  .object({
    id: z.uuid().nullable().openapi({ description: 'null for a dry run' }),
    status: z.enum(['queued', 'scheduled', 'cancelled', 'dry_run']),
    sendAt: z.string().nullable(),
    recipients: z.number().openapi({ description: 'Messages queued (active workers targeted)' }),
    skipped: z.object({ optedOut: z.number(), left: z.number() }),
    outsideWindow: z.number().openapi({ description: "Recipients whose 24-hour window is closed: they get the template, or the message is held if there is none" }),
    counts: z
      .object({ queued: z.number(), sent: z.number(), delivered: z.number(), read: z.number(), failed: z.number(), held: z.number() })
      .openapi({ description: 'From the messages table; sent includes delivered and read, delivered includes read' }),
    waiting: z
      .array(z.object({ status: z.enum(['queued', 'held']), code: z.string(), reason: z.string(), messages: z.number() }))
      .optional()
      .openapi({ description: 'Why queued messages wait and held ones are not sent, e.g. "deferred until 07:00 Africa/Nairobi (quiet hours)", with how many' }),
    createdAt: z.string().nullable(),
  })
  .openapi('Broadcast');
export type BroadcastView = z.infer<typeof BroadcastSchema>;
