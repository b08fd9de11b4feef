import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { LogEntry } from '../../engine/listWorkerMessages';
import { simulatorPhone } from './simulatorSession';

/** The test run as the simulator page shows it. */
export interface Simulation {
  workerId: string;
  phone: string;
  /** The test worker's language; null: the journey's default. */
  language: string | null;
  conversation?: { id: string; status: string; state: string; version: number; blueprintId: string; startedAt: Date; nextTimerAt: Date | null };
  progress: { touchpoint: string; attempt: number; completed: boolean; correct: boolean | null; answer: string | null }[];
}

interface ConversationRow { id: string; status: string; state: unknown; version: number; journey_blueprint_id: string; started_at: Date; worker_assignment_id: string; next_timer: Date | null }

/** The staff member's test worker, their latest conversation and its recorded progress. */
export async function loadSimulation(em: EntityManager, userId: string): Promise<Simulation | undefined> {
  const phone = simulatorPhone(userId);
  const [worker] = await scopedSql<{ id: string; language: string | null }>(em, 'select id, language from workers where organization_id = :organization_id and phone_number = :phone', { phone });
  if (!worker) return undefined;
  const [row] = await scopedSql<ConversationRow>(
    em,
    `select c.id, c.status, c.snapshot->'value' as state, c.version, c.journey_blueprint_id, c.started_at, c.worker_assignment_id,
            (select min(due_at) from timers t where t.organization_id = :organization_id and t.conversation_id = c.id) as next_timer
       from conversations c where c.organization_id = :organization_id and c.worker_id = :worker order by c.started_at desc, c.created_at desc limit 1`,
    { worker: worker.id },
  );
  if (!row) return { workerId: worker.id, phone, language: worker.language, progress: [] };
  const progress = await scopedSql<{ touchpoint: string; attempt: number; completed: boolean; correct: boolean | null; answer: string | null }>(
    em,
    `select t.key as touchpoint, wp.attempt, wp.completed_at is not null as completed, wp.correct, wp.answer
       from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id
      where wp.organization_id = :organization_id and wp.worker_assignment_id = :assignment
      order by wp.started_at, wp.attempt limit 500`,
    { assignment: row.worker_assignment_id },
  );
  return {
    workerId: worker.id,
    phone,
    language: worker.language,
    conversation: {
      id: row.id,
      status: row.status,
      state: typeof row.state === 'string' ? row.state : JSON.stringify(row.state),
      version: row.version,
      blueprintId: row.journey_blueprint_id,
      startedAt: new Date(row.started_at),
      nextTimerAt: row.next_timer ? new Date(row.next_timer) : null,
    },
    progress,
  };
}

interface MessageRow { id: string; seq: string; direction: 'inbound' | 'outbound'; body: string | null; payload: Record<string, unknown>; status: string; touchpoint_key: string | null; error_code: string | null; error_reason: string | null; created_at: Date }

/** Messages of the current run after a sequence number, oldest first (status changes included via `since`). */
export async function listSimulationMessages(em: EntityManager, sim: Simulation, afterSeq: string): Promise<(LogEntry & { seq: string })[]> {
  if (!sim.conversation) return [];
  const rows = await scopedSql<MessageRow>(
    em,
    `select id, seq, direction, body, payload, status, touchpoint_key, error_code, error_reason, created_at from messages
      where organization_id = :organization_id and worker_id = :worker and seq > :after
        and (conversation_id = :conversation or (conversation_id is null and created_at >= :started))
      order by seq limit 200`,
    { worker: sim.workerId, after: afterSeq, conversation: sim.conversation.id, started: sim.conversation.startedAt },
  );
  return rows.map((row) => ({
    id: row.id, seq: String(row.seq), direction: row.direction, body: row.body, payload: row.payload, status: row.status, touchpointKey: row.touchpoint_key,
    errorCode: row.error_code, errorReason: row.error_reason, notBefore: null, createdAt: new Date(row.created_at).toISOString(), sentAt: null, deliveredAt: null, readAt: null, failedAt: null,
  }));
}
