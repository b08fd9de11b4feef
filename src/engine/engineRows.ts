import { z } from 'zod';

/** Row shapes the engine reads with raw SQL (snake_case, as PostgreSQL returns them). */

/** A worker row as the inbound step reads it. */
export const workerRowSchema = z.object({
  id: z.string(),
  organization_id: z.string(),
  full_name: z.string(),
  phone_number: z.string(),
  /** The worker's language, else the organization's default language (null: neither is set, English). */
  language: z.string().nullable(),
  status: z.enum(['active', 'opted_out', 'left']),
  /** A coach paused the bot for this worker. */
  bot_paused: z.boolean(),
});
export type WorkerRow = z.infer<typeof workerRowSchema>;

/** A conversation row as the engine's steps read it (parsed, not cast: parseRows). */
export const conversationRowSchema = z.object({
  id: z.string(),
  organization_id: z.string(),
  worker_id: z.string(),
  worker_assignment_id: z.string(),
  journey_blueprint_id: z.string(),
  /** Parsed (and upgraded) by restoreSnapshot, by its format. */
  snapshot: z.unknown(),
  snapshot_format: z.number().int(),
  version: z.number().int(),
});
export type ConversationRow = z.infer<typeof conversationRowSchema>;

/** The channel a unit of work talks through. */
export interface ChannelRef {
  id: string;
  organizationId: string;
}
