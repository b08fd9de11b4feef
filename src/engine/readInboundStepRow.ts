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
  last_outbound: z.object({ conversationId: z.string().nullable(), contentKey: z.string().nullable().optional() }).nullable(),
  progress: z.object({
    attempts: z.record(z.string(), z.coerce.number().int()),
    open: z.array(z.object({ id: z.string(), touchpointId: z.string(), attempt: z.number().int(), answered: z.boolean() })),
  }).nullable(),
});

/** What `readInboundStep` answers about the worker, their conversation and the message logged. */
export type InboundStepRow = z.infer<typeof stepRowSchema>;

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const statuses = new Set(['active', 'opted_out', 'left']);

function isOpenAttempt(value: unknown): boolean {
  return isRecord(value) && isString(value.id) && isString(value.touchpointId) && Number.isInteger(value.attempt) && typeof value.answered === 'boolean';
}

function isProgress(value: unknown): boolean {
  if (value === null) return true;
  if (!isRecord(value) || !isRecord(value.attempts) || !Array.isArray(value.open)) return false;
  return Object.values(value.attempts).every(Number.isInteger) && value.open.every(isOpenAttempt);
}

/** The row as the statement builds it (its shape is the SQL's): read with checks, no parse. */
function isCommonRow(row: StatementRow): row is InboundStepRow {
  const { last_outbound: lastOutbound, pacing_due_at: pacingDueAt } = row;
  return isString(row.worker_id) && isStringOrNull(row.language) && statuses.has(row.status as string) && typeof row.bot_paused === 'boolean'
    && isString(row.timezone) && isStringOrNull(row.conversation_id) && isStringOrNull(row.worker_assignment_id)
    && isStringOrNull(row.journey_blueprint_id) && (row.snapshot_format === null || Number.isInteger(row.snapshot_format))
    && isStringOrNull(row.program_status) && isStringOrNull(row.inbound_id)
    && (pacingDueAt === null || (pacingDueAt instanceof Date && !Number.isNaN(pacingDueAt.getTime())))
    && (lastOutbound === null || (isRecord(lastOutbound) && isStringOrNull(lastOutbound.conversationId) && (lastOutbound.contentKey === undefined || isStringOrNull(lastOutbound.contentKey))))
    && isProgress(row.progress);
}

/**
 * The step's row (none when the sender is no worker of the channel's organization). The common
 * row is taken as it is; any other goes through the schema, which coerces what it can and refuses
 * the rest with which column is wrong.
 */
export function readInboundStepRow(rows: readonly StatementRow[]): InboundStepRow | undefined {
  if (rows.length === 1 && isCommonRow(rows[0])) return rows[0];
  return parseRows(stepRowSchema, rows, 'inbound step')[0];
}
