import { z } from 'zod';

/** A well-being answer at or below this (of 5) is flagged `low`. */
export const LOW_WELL_BEING_SCORE = 2;

const inConversation = { conversationId: z.string(), journeyKey: z.string() };

/**
 * The `data` of every event type, keyed by type: the JSON shape a webhook receives (README
 * "Event webhooks out", and the OpenAPI document's `DomainEvent`).
 */
export const eventDataSchemas = {
  'worker.enrolled': z.object({ programId: z.string() }),
  'touchpoint.completed': z.object({ ...inConversation, touchpointKey: z.string() }),
  'quiz.answered': z.object({
    ...inConversation,
    touchpointKey: z.string(),
    /** 1 for the first answer to this quiz in the journey. */
    attempt: z.number().int(),
    /** The worker's answer as sent. */
    answer: z.string(),
    optionId: z.string().nullable(),
    correct: z.boolean(),
    points: z.number(),
    /** What a right answer scores (absent in events recorded before 2026-12-07). */
    maxPoints: z.number().optional(),
    /** Quiz points so far in this journey (best answer per quiz). */
    totalScore: z.number(),
  }),
  'reflection.submitted': z.object({ ...inConversation, touchpointKey: z.string(), text: z.string() }),
  'wellbeing.reported': z.object({ ...inConversation, touchpointKey: z.string(), score: z.number().int().min(1).max(5), low: z.boolean() }),
  'badge.earned': z.object({ ...inConversation, badgeKey: z.string(), name: z.string().nullable(), reason: z.string() }),
  'journey.completed': z.object({ ...inConversation, totalScore: z.number(), maxScore: z.number(), endedBy: z.enum(['finished', 'rule', 'timeout']) }),
  'program.completed': z.object({ programId: z.string() }),
  /** The worker was unenrolled from the program (their assignment is `dropped`), with the reason given. */
  'worker.dropped': z.object({ programId: z.string(), reason: z.string() }),
  'worker.opted_out': z.object({}),
  'worker.opted_in': z.object({}),
  /** A conversation needs a person: a coach inbox item was raised (cause: asked_for_person, unusable_text, low_well_being, flow_promise, message_failed). */
  'handoff.requested': z.object({ itemId: z.string(), cause: z.string(), reason: z.string() }),
  'message.failed': z.object({ messageId: z.string(), code: z.string(), reason: z.string() }),
} as const;

export type DomainEventType = keyof typeof eventDataSchemas;
export const domainEventTypes = Object.keys(eventDataSchemas) as [DomainEventType, ...DomainEventType[]];

/** Events that are learning records, also sent as xAPI statements (well-being answers are not: they stay with the organization's own endpoints). */
export const learningEventTypes: readonly DomainEventType[] = ['touchpoint.completed', 'quiz.answered', 'reflection.submitted', 'badge.earned', 'journey.completed', 'program.completed'];

/** An event as the engine writes it, before it has an id. */
export type DomainEvent = {
  [T in DomainEventType]: { type: T; workerId: string | null; occurredAt: number; data: z.infer<(typeof eventDataSchemas)[T]> };
}[DomainEventType];

/** The body every endpoint receives (and the `webhook-id` is `id`). */
export const eventEnvelopeSchema = z.object({
  /** Unique per event: receivers deduplicate on it (deliveries are at least once). */
  id: z.string(),
  type: z.enum(domainEventTypes),
  /** ISO 8601, when it happened in the engine's time. */
  occurredAt: z.string(),
  organizationId: z.string(),
  /** The worker's id (never their phone number); null for none. */
  workerId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
