import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { DEFAULT_WELL_BEING_THRESHOLD, type InboxCause } from './inboxCauses';

/** Something a person must look at, as the step that noticed it reports it. */
export interface InboxRaise {
  workerId: string;
  /** The conversation it happened in (its program is found from it); null for none. */
  conversationId: string | null;
  cause: InboxCause;
  /** Shown in the inbox: why, in words. */
  reason: string;
  /** A `low_well_being` raise: the answer (1–5); raised only at or below the organization's `inboxWellBeingThreshold`. */
  wellBeingScore?: number;
}

/**
 * Raises coach inbox items in the caller's transaction (so an item exists exactly when the step
 * that caused it was committed), in ONE statement: one open item per worker and cause (raising it
 * again while it is open adds nothing), with the conversation's program, and a `handoff.requested`
 * event per new item. In the system scope (the dispatcher) pass the organization id. Returns the
 * new items' ids.
 */
export async function raiseInboxItems(em: EntityManager, raises: readonly InboxRaise[], at: number, organizationId?: string): Promise<string[]> {
  if (raises.length === 0) return [];
  const org = organizationId === undefined ? ':organization_id' : ':org::uuid';
  const rows = raises.map((raise, ordinal) => ({ ordinal, worker_id: raise.workerId, conversation_id: raise.conversationId, cause: raise.cause, reason: raise.reason, score: raise.wellBeingScore ?? null }));
  const inserted = await scopedSql<{ id: string; worker_id: string; cause: InboxCause; reason: string }>(
    em,
    `insert into coach_inbox_items (organization_id, worker_id, conversation_id, program_id, cause, reason, raised_at)
     select :organization_id, r.worker_id, r.conversation_id,
            (select wa.program_id from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id
              where c.organization_id = :organization_id and c.id = r.conversation_id),
            r.cause, r.reason, :at
       from jsonb_to_recordset(:rows::jsonb) as r(ordinal int, worker_id uuid, conversation_id uuid, cause text, reason text, score int)
       join organizations o on o.id = :organization_id
      where r.cause <> 'low_well_being'
         or r.score <= coalesce((o.settings->>'inboxWellBeingThreshold')::int, :threshold)
      order by r.ordinal
     on conflict (worker_id, cause) where status = 'open' do nothing
     returning id, worker_id, cause, reason`.replaceAll(':organization_id', org),
    { rows: JSON.stringify(rows), at: new Date(at), threshold: DEFAULT_WELL_BEING_THRESHOLD, ...(organizationId === undefined ? {} : { org: organizationId }) },
  );
  await insertDomainEvents(
    em,
    inserted.map((item) => ({ type: 'handoff.requested' as const, workerId: item.worker_id, occurredAt: at, data: { itemId: item.id, cause: item.cause, reason: item.reason } })),
    organizationId,
  );
  return inserted.map((item) => item.id);
}
