import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { loadQuizPercents } from '../../analytics/loadQuizPercents';
import { scopedSql, type SqlParams } from '../../db/tenancy/scopedSql';
import { findUnstorableText } from '../../text/findUnstorableText';

/** The worker list's filters, as they arrive in the query string. */
export const workerFilterSchema = z.object({
  q: z.string().trim().max(100).default(''),
  segment: z.union([z.uuid(), z.literal('')]).default(''),
  program: z.union([z.uuid(), z.literal('')]).default(''),
  status: z.enum(['', 'active', 'opted_out', 'left']).default(''),
  /** "1": only workers whose latest well-being answer is 1 or 2. */
  low: z.enum(['', '1']).default(''),
  /** "1": only workers who asked for a person. */
  handoff: z.enum(['', '1']).default(''),
  after: z.string().max(400).default(''),
});
export type WorkerFilters = z.infer<typeof workerFilterSchema>;

export interface WorkerListRow {
  id: string;
  /** The value the page is ordered by (lower-cased name, or the phone number in a phone search). */
  sort_key: string;
  full_name: string;
  phone_number: string | null;
  status: string;
  well_being_score: number | null;
  /** Quiz questions right, of those closed (a missed one counts as wrong); null before any (loadQuizPercents). */
  quiz_percent: number | null;
  handoff_requested_at: Date | null;
  bot_paused: boolean;
}

type ListOrder = 'name' | 'phone';
// A cursor is decoded from the query string: its text must be storable too (the middleware saw only base64url).
const cursorSchema = z.tuple([z.enum(['name', 'phone']), z.string(), z.uuid()]).refine((cursor) => !findUnstorableText(cursor));
const encodeCursor = (order: ListOrder, row: WorkerListRow) => Buffer.from(JSON.stringify([order, row.sort_key, row.id])).toString('base64url');
function decodeCursor(after: string): [ListOrder, string, string] | undefined {
  if (!after) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

// Both orders are byte order ("C") so that one index serves the prefix range and the order.
const sortKeys: Record<ListOrder, string> = { name: 'lower(w.full_name) collate "C"', phone: 'w.phone_number collate "C"' };

/**
 * The SQL of one page of workers: a query starting with + or a digit is a phone prefix, ordered
 * by number; anything else a name prefix (case ignored), ordered by lower-cased name. Keyset
 * pages on (sort key, id), served by workers_list_name_index / workers_list_phone_index (and
 * the partial indexes of the low well-being and handoff filters). Apart from findWorkers so
 * tests can EXPLAIN it.
 */
export function buildWorkerQuery(filters: WorkerFilters, pageSize: number): { sql: string; params: SqlParams; order: ListOrder } {
  const order: ListOrder = /^[+\d]/.test(filters.q) ? 'phone' : 'name';
  const key = sortKeys[order];
  const where = ['w.organization_id = :organization_id', 'not w.simulated'];
  const params: SqlParams = { limit: pageSize + 1 };
  if (filters.q && order === 'phone') {
    where.push(`${key} like :phone`);
    params.phone = `+${escapeLike(filters.q.replace(/[^\d]/g, ''))}%`;
  } else if (filters.q) {
    where.push(`${key} like :name`);
    params.name = `${escapeLike(filters.q.toLowerCase())}%`;
  }
  if (filters.segment) {
    where.push('exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = w.id and ws.segment_id = :segment)');
    params.segment = filters.segment;
  }
  if (filters.program) {
    where.push('exists (select 1 from worker_assignments wa where wa.organization_id = :organization_id and wa.worker_id = w.id and wa.program_id = :program)');
    params.program = filters.program;
  }
  if (filters.status) {
    where.push('w.status = :status');
    params.status = filters.status;
  }
  if (filters.low) where.push('w.well_being_score <= 2');
  if (filters.handoff) where.push('w.handoff_requested_at is not null');
  const cursor = decodeCursor(filters.after);
  if (cursor && cursor[0] === order) {
    where.push(`(${key}, w.id) > (:after_key, :after_id::uuid)`);
    params.after_key = cursor[1];
    params.after_id = cursor[2];
  }
  const sql = `select w.id, ${key} as sort_key, w.full_name, w.phone_number, w.status, w.well_being_score, null::int as quiz_percent, w.handoff_requested_at, w.bot_paused
       from workers w where ${where.join(' and ')}
      order by ${key}, w.id limit :limit`;
  return { sql, params, order };
}

/** One page of workers by the filters, and the cursor of the next page (null on the last). */
export async function findWorkers(em: EntityManager, filters: WorkerFilters, pageSize: number): Promise<{ rows: WorkerListRow[]; next: string | null }> {
  const { sql, params, order } = buildWorkerQuery(filters, pageSize);
  const rows = await scopedSql<WorkerListRow>(em, sql, params);
  const page = rows.slice(0, pageSize);
  const quizPercents = await loadQuizPercents(em, page.map((row) => row.id));
  for (const row of page) row.quiz_percent = quizPercents.get(row.id) ?? null;
  return { rows: page, next: rows.length > pageSize ? encodeCursor(order, page[page.length - 1]) : null };
}

/** Segments and programs of the organization, for the filter menus. */
export async function listFilterChoices(em: EntityManager) {
  const [segments, programs] = await Promise.all([
    scopedSql<{ id: string; name: string }>(em, 'select id, name from segments where organization_id = :organization_id order by name limit 500'),
    scopedSql<{ id: string; name: string }>(em, 'select id, name from programs where organization_id = :organization_id and not simulated order by name limit 500'),
  ]);
  return { segments, programs };
}
