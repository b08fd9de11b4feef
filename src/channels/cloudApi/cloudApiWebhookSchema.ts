import { z } from 'zod';
import { epochSecondsSchema, providerMessageIdSchema } from '../channelTypes';

/** Zod schemas for the Cloud API webhook POST body (only the fields we read; extra keys pass). */

export const cloudApiErrorSchema = z.object({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});
export type CloudApiError = z.infer<typeof cloudApiErrorSchema>;

const mediaSchema = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

export const cloudApiMessageSchema = z
  .object({
    from: z.string().regex(/^[1-9]\d{5,14}$/, 'must be the sender phone number in digits, e.g. 15550001234'),
    id: providerMessageIdSchema,
    timestamp: epochSecondsSchema,
    type: z.string().min(1),
    context: z.object({ id: z.string().optional(), from: z.string().optional() }).optional(),
    text: z.object({ body: z.string() }).optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
        list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      })
      .optional(),
    button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
    image: mediaSchema.optional(),
    audio: mediaSchema.optional(),
    video: mediaSchema.optional(),
    document: mediaSchema.optional(),
    unsupported: z.object({ type: z.string().optional() }).optional(),
    errors: z.array(cloudApiErrorSchema).optional(),
  })
  .superRefine((message, ctx) => {
    const needs = { text: 'text', image: 'image', audio: 'audio', video: 'video', document: 'document', button: 'button', interactive: 'interactive' } as const;
    const key = needs[message.type as keyof typeof needs];
    if (key && message[key] === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `is required for a message of type '${message.type}'` });
    }
  });
export type CloudApiMessage = z.infer<typeof cloudApiMessageSchema>;

export const cloudApiStatusSchema = z.object({
  id: providerMessageIdSchema,
  status: z.string().min(1),
  timestamp: epochSecondsSchema,
  recipient_id: z.string().optional(),
  errors: z.array(cloudApiErrorSchema).optional(),
});

/** The `value` of a change whose `field` is `messages`. */
export const cloudApiMessagesValueSchema = z.object({
  metadata: z.object({
    display_phone_number: z.string().optional(),
    phone_number_id: z.string().min(1),
  }),
  contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(cloudApiMessageSchema).optional(),
  statuses: z.array(cloudApiStatusSchema).optional(),
});

export const cloudApiEnvelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
