import { z } from '@hono/zod-openapi';

/** The health mark of a channel (`GET /v1/channels/:id` and its health). */
export const HealthMarkSchema = z
  .object({
    status: z.enum(['healthy', 'unhealthy']),
    reason: z.string().nullable().openapi({ description: 'Why it is unhealthy, in words (null when healthy)', example: 'Twilio refused the credentials: … (error 20003)' }),
    since: z.string().nullable().openapi({ description: 'When the mark last changed (null: never)' }),
  })
  .openapi('ChannelHealthMark', { description: 'Unhealthy (its sends paused, its messages kept queued) when a send fails with bad credentials or a blocked number; cleared by a passing verify' });

const Counts = z.object({ sent: z.number(), delivered: z.number(), read: z.number(), failed: z.number() });

/** `GET /v1/channels/:id/health` (the type is ChannelHealth in src/channelAdmin/readChannelHealth.ts). */
export const HealthSchema = z
  .object({
    connected: z.boolean().openapi({ description: 'Console: always; Baileys: the socket holder is connected; Twilio, Cloud API: not unhealthy and the last verify passed (or a send went through since)' }),
    sendRate: z.object({
      perSecond: z.number().openapi({ description: 'Messages sent in the last minute, per second' }),
      limitPerSecond: z.number().nullable().openapi({ description: 'settings.sendRatePerSecond or the provider default; null: unlimited' }),
    }),
    health: HealthMarkSchema,
    lastInboundAt: z.string().nullable(),
    lastOutboundAt: z.string().nullable(),
    lastHour: Counts,
    lastDay: Counts,
    queueDepth: z.number(),
    deferred: z
      .array(z.object({
        code: z.literal('quiet_hours'),
        reason: z.string().openapi({ example: 'deferred until 07:00 Africa/Nairobi (quiet hours)' }),
        count: z.number(),
        until: z.string().openapi({ description: 'The earliest time one of them may go out' }),
      }))
      .openapi({ description: 'Of the queue, the messages held back for quiet hours, by reason (time zone), earliest first' }),
    lastError: z.object({ code: z.string().nullable(), reason: z.string().nullable(), at: z.string() }).nullable(),
  })
  .openapi('ChannelHealth');
