import { z } from '@hono/zod-openapi';
import { domainEventTypes, eventEnvelopeSchema } from '../../events/domainEvent';

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({ description: 'Where events are POSTed (http or https)', example: 'https://hr.example.com/hooks/coaching' });

export const EndpointInputSchema = z
  .object({
    url: httpUrl,
    events: z.array(z.enum(domainEventTypes)).min(1).openapi({ description: 'The event types it receives' }),
    description: z.string().max(200).nullable().optional(),
  })
  .strict()
  .openapi('WebhookEndpointInput');

export const EndpointChangeSchema = z
  .object({
    url: httpUrl.optional(),
    events: z.array(z.enum(domainEventTypes)).min(1).optional(),
    description: z.string().max(200).nullable().optional(),
    enabled: z.boolean().optional().openapi({ description: 'true enables a disabled endpoint again: its waiting events go out, oldest first' }),
    rotateSecret: z.boolean().optional().openapi({ description: 'true answers a new signing secret; the old one stops at once' }),
  })
  .strict()
  .openapi('WebhookEndpointChange');

export const EndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(domainEventTypes)),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    secret: z.string().optional().openapi({ description: 'The Standard Webhooks signing secret (`whsec_…`): only when created or rotated' }),
  })
  .openapi('WebhookEndpoint');

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: 'The event id, also the `webhook-id` header' }),
    eventType: z.enum(domainEventTypes),
    workerId: z.string().nullable(),
    status: z.enum(['pending', 'sending', 'delivered', 'failed']),
    attempts: z.number(),
    lastStatus: z.number().nullable().openapi({ description: "The endpoint's last HTTP status; null when none came (timeout, refused)" }),
    answerMs: z.number().nullable(),
    lastError: z.string().nullable(),
    body: z.string().nullable().openapi({ description: 'The JSON sent, kept 7 days' }),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    replayOf: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

/** Registered as a component so the OpenAPI document carries every event's JSON shape. */
export const DomainEventSchema = eventEnvelopeSchema
  .extend({ type: z.enum(domainEventTypes) })
  .openapi('DomainEvent', { description: 'The body of every webhook; `data` per type is listed in README "Event webhooks out"' });

export const LrsInputSchema = z
  .object({
    endpoint: httpUrl.openapi({ description: "The LRS's xAPI endpoint", example: 'https://lrs.example.com/xapi/' }),
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(500),
    homePage: httpUrl
      .refine((url) => !/[?#]/.test(url), 'must have no query (?) or fragment (#): the activity IRIs are built under it')
      .openapi({ description: "The organization's home page: workers are xAPI accounts under it", example: 'https://acme.example.com' }),
    sendFreeText: z.boolean().default(false).openapi({ description: 'Whether typed answers and reflections may leave in result.response' }),
    enabled: z.boolean().default(true),
  })
  .strict()
  .openapi('LrsConfigInput');

export const LrsSchema = z
  .object({ endpoint: z.string(), username: z.string(), homePage: z.string(), sendFreeText: z.boolean(), enabled: z.boolean(), updatedAt: z.string() })
  .openapi('LrsConfig');
