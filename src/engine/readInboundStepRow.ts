import { z } from 'zod';
import { parseRows } from '../db/parseRows';
import type { StatementRow } from '../hotPath/statementValue';

const stepRowSchema = z.object({
  worker_id: z.string(),
  language: z.string().nullable(),
  status: z.enum(['active', 'opted_out', 'left']),
  bot_paused: z.boolean(),
  timezone: z.string(),
  conversation_id: z.string().nullable(),
  worker_assignment_id: z.string().nullable(),
  journey_blueprint_id: z.string().nullable(),
  snapshot: z.unknown(),
  snapshot_format: z.number().int().nullable(),
  program_status: z.string().nullable(),
  inbound_id: z.string().nullable(),
  pacing_due_at: z.coerce.date().nullable(),
  last_activity_day: z.string().nullable(),
  last_outbound: z.object({ conversationId: z.string().nullable(), contentKey: z.string().nullable().optional() }).nullable(),
  progress: z.object({
    attempts: z.record(z.string(), z.coerce.number().int()),
    open: z.array(z.object({ id: z.string(), touchpointId: z.string(), attempt: z.number().int(), answered: z.boolean() })),
  }).nullable(),
});

/** What `readInboundStep` answers about the worker, their conversation and the message logged. */
export type InboundStepRow = z.infer<typeof stepRowSchema>;

/** The step's row (none when the sender is no worker of the channel's organization), coerced and checked by the schema, which names a wrong column. */
export function readInboundStepRow(rows: readonly StatementRow[]): InboundStepRow | undefined {
  return parseRows(stepRowSchema, rows, 'inbound step')[0];
}
