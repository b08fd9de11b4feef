import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { getInboxItem, type InboxItem } from './listInboxItems';

/** A change to an item; undefined leaves a field as it is. */
export interface InboxPatch {
  /** The staff user who takes it; null: nobody. */
  assignedUserId?: string | null;
  /** Replaces the labels. */
  labels?: string[];
  /** Staff only; null clears it. */
  note?: string | null;
  /** `resolved` closes it (by `byUserId`); `open` reopens it. */
  status?: 'open' | 'resolved';
}

/** A refusal naming the field at fault. */
export interface InboxRefusal {
  code: 'unknown_user' | 'already_open';
  message: string;
  field: string;
}

/**
 * Assigns, labels, notes, resolves or reopens an inbox item. The assignee must be a staff user of
 * the organization; reopening is refused while another open item has the same worker and cause.
 * @param byUserId who resolves it (recorded), when a staff user acts.
 */
export async function updateInboxItem(em: EntityManager, id: string, patch: InboxPatch, byUserId: string | undefined, at: number): Promise<InboxItem | InboxRefusal> {
  return em.transactional(async (tx) => {
    if (patch.assignedUserId) {
      const users = await scopedSql(tx, `select 1 from users where organization_id = :organization_id and id = :id`, { id: patch.assignedUserId });
      if (users.length === 0) return { code: 'unknown_user', message: `No staff user of your organization has the id ${patch.assignedUserId}`, field: 'assignedUserId' } satisfies InboxRefusal;
    }
    if (patch.status === 'open') {
      const clash = await scopedSql(
        tx,
        `select 1 from coach_inbox_items i join coach_inbox_items same on same.worker_id = i.worker_id and same.cause = i.cause and same.status = 'open' and same.id <> i.id
          where i.organization_id = :organization_id and i.id = :id`,
        { id },
      );
      if (clash.length > 0) return { code: 'already_open', message: 'Another open item has this worker and cause: work on that one', field: 'status' } satisfies InboxRefusal;
    }
    await scopedSql(
      tx,
      `update coach_inbox_items set
          assigned_user_id = case when :hasAssignee then :assignee::uuid else assigned_user_id end,
          labels = case when :hasLabels then array(select jsonb_array_elements_text(:labels::jsonb)) else labels end,
          note = case when :hasNote then :note else note end,
          status = coalesce(:status, status),
          resolved_at = case when :status = 'resolved' then coalesce(resolved_at, :at::timestamptz) when :status = 'open' then null else resolved_at end,
          resolved_by = case when :status = 'resolved' then coalesce(resolved_by, :by::uuid) when :status = 'open' then null else resolved_by end
        where organization_id = :organization_id and id = :id`,
      {
        id,
        hasAssignee: patch.assignedUserId !== undefined,
        assignee: patch.assignedUserId ?? null,
        hasLabels: patch.labels !== undefined,
        labels: JSON.stringify(patch.labels ?? []),
        hasNote: patch.note !== undefined,
        note: patch.note ?? null,
        status: patch.status ?? null,
        at: new Date(at),
        by: byUserId ?? null,
      },
    );
    // A resolved request for a person is answered: the worker list's handoff flag clears too.
    if (patch.status === 'resolved') {
      await scopedSql(
        tx,
        `update workers set handoff_requested_at = null where organization_id = :organization_id
            and id = (select worker_id from coach_inbox_items where organization_id = :organization_id and id = :id and cause = 'asked_for_person')`,
        { id },
      );
    }
    return (await getInboxItem(tx, id)) as InboxItem;
  });
}
