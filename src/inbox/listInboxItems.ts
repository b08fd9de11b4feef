import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { InboxCause } from './inboxCauses';

/** An inbox item as the console and the API show it. */
export interface InboxItem {
  id: string;
  workerId: string;
  workerName: string;
  conversationId: string | null;
  programId: string | null;
  programName: string | null;
  cause: InboxCause;
  reason: string;
  status: 'open' | 'resolved';
  assignedUserId: string | null;
  assignedUserName: string | null;
  labels: string[];
  /** Staff only: never sent to the worker. */
  note: string | null;
  raisedAt: string;
  resolvedAt: string | null;
}

/** Which items to list; every filter optional. */
export interface InboxFilters {
  /** Default open. */
  status?: 'open' | 'resolved' | 'all';
  programId?: string;
  segmentId?: string;
  assignedUserId?: string;
  /** Only items nobody took yet. */
  unassigned?: boolean;
  workerId?: string;
  /** Default 100, at most 500. */
  limit?: number;
}

interface ItemRow {
  id: string;
  worker_id: string;
  worker_name: string;
  conversation_id: string | null;
  program_id: string | null;
  program_name: string | null;
  cause: InboxCause;
  reason: string;
  status: 'open' | 'resolved';
  assigned_user_id: string | null;
  assigned_user_name: string | null;
  labels: string[];
  note: string | null;
  raised_at: Date;
  resolved_at: Date | null;
}

const toItem = (row: ItemRow): InboxItem => ({
  id: row.id,
  workerId: row.worker_id,
  workerName: row.worker_name,
  conversationId: row.conversation_id,
  programId: row.program_id,
  programName: row.program_name,
  cause: row.cause,
  reason: row.reason,
  status: row.status,
  assignedUserId: row.assigned_user_id,
  assignedUserName: row.assigned_user_name,
  labels: row.labels,
  note: row.note,
  raisedAt: new Date(row.raised_at).toISOString(),
  resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
});

const select = `select i.id, i.worker_id, w.full_name as worker_name, i.conversation_id, i.program_id, p.name as program_name, i.cause, i.reason, i.status,
    i.assigned_user_id, coalesce(u.display_name, u.email) as assigned_user_name, i.labels, i.note, i.raised_at, i.resolved_at
  from coach_inbox_items i join workers w on w.id = i.worker_id
  left join programs p on p.id = i.program_id left join users u on u.id = i.assigned_user_id
  where i.organization_id = :organization_id`;

/** The organization's inbox items under the filters, newest first (index coach_inbox_items_list). */
export async function listInboxItems(em: EntityManager, filters: InboxFilters = {}): Promise<InboxItem[]> {
  const status = filters.status ?? 'open';
  const where: string[] = [];
  if (status !== 'all') where.push('i.status = :status');
  if (filters.programId) where.push('i.program_id = :program::uuid');
  if (filters.assignedUserId) where.push('i.assigned_user_id = :assigned::uuid');
  if (filters.unassigned) where.push('i.assigned_user_id is null');
  if (filters.workerId) where.push('i.worker_id = :worker::uuid');
  if (filters.segmentId) where.push('exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = i.worker_id and ws.segment_id = :segment::uuid)');
  const rows = await scopedSql<ItemRow>(
    em,
    `${select} ${where.map((condition) => `and ${condition}`).join(' ')} order by i.raised_at desc, i.id limit :limit`,
    {
      status,
      program: filters.programId ?? null,
      assigned: filters.assignedUserId ?? null,
      worker: filters.workerId ?? null,
      segment: filters.segmentId ?? null,
      limit: Math.min(filters.limit ?? 100, 500),
    },
  );
  return rows.map(toItem);
}

/** One item of the organization, or undefined. */
export async function getInboxItem(em: EntityManager, id: string): Promise<InboxItem | undefined> {
  const [row] = await scopedSql<ItemRow>(em, `${select} and i.id = :id`, { id });
  return row ? toItem(row) : undefined;
}
