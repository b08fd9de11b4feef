import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { programStartedSql } from '../engine/programDates';
import { startNextConversation } from '../engine/startNextConversation';
import { enforceLicences } from '../marketplace/enforceLicences';

export interface EnrollTarget {
  /** The program's target segments (program_segments). */
  programSegments?: boolean;
  /** These segments too. */
  segmentIds?: string[];
  /** These workers too. */
  workerIds?: string[];
}

/**
 * Enrolls workers in a program with ONE set-based INSERT … SELECT into worker_assignments:
 * the active workers of the target segments and listed workers not yet enrolled (a worker is
 * enrolled once: the unique key on program and worker). Returns the newly assigned worker ids;
 * their conversations are started by `startPendingConversations`. Throws LicenceLimitError (run it
 * in a transaction: nothing is enrolled) when a marketplace licence of the program's blueprints
 * is expired or has too few seats left.
 */
export async function assignWorkers(em: EntityManager, programId: string, target: EnrollTarget, at: number): Promise<string[]> {
  const rows = await scopedSql<{ worker_id: string }>(
    em,
    `insert into worker_assignments (organization_id, program_id, worker_id, enrollment_date, status)
     select :organization_id, :program::uuid, w.id, :at::timestamptz, 'active' from workers w
      where w.organization_id = :organization_id and w.status = 'active' and not w.simulated
        and (
          (:programSegments and exists (select 1 from worker_segment ws join program_segments ps on ps.segment_id = ws.segment_id
                                         where ws.organization_id = :organization_id and ws.worker_id = w.id and ps.program_id = :program::uuid))
          or exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = w.id
                      and ws.segment_id in (select (jsonb_array_elements_text(:segments::jsonb))::uuid))
          or w.id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid))
     order by w.id
     on conflict (program_id, worker_id) do nothing
     returning worker_id`,
    {
      program: programId,
      at: new Date(at),
      programSegments: target.programSegments ?? false,
      segments: JSON.stringify(target.segmentIds ?? []),
      workers: JSON.stringify(target.workerIds ?? []),
    },
  );
  await enforceLicences(em, programId, rows.length, at);
  await insertDomainEvents(em, rows.map((row) => ({ type: 'worker.enrolled', workerId: row.worker_id, occurredAt: at, data: { programId } })));
  return rows.map((row) => row.worker_id);
}

export interface StartOptions {
  /** Workers started per transaction. */
  batchSize?: number;
  /** Transactions run at once (keep below the pool size). */
  concurrency?: number;
  /** Business time, epoch ms. */
  at: number;
}

/**
 * Starts the conversation of every active worker of the program who has an active assignment
 * in it, for whom it has started (its start date's local morning; before, they wait), no conversation for it yet, and no active conversation at all (a worker busy in another
 * journey starts this one when that ends). Each worker row is locked first (SKIP LOCKED: a row another
 * run holds is that run's to start), so concurrent runs
 * (the enroll request and the scheduler's catch-up) start each conversation once. Safe to call
 * again at any time: it is also the recovery after a crash mid-enrollment.
 */
export async function startPendingConversations(em: EntityManager, programId: string, options: StartOptions): Promise<{ started: number; skipped: number }> {
  const pending = await scopedSql<{ worker_id: string }>(
    em,
    `select wa.worker_id from worker_assignments wa join workers w on w.id = wa.worker_id and w.status = 'active'
       join programs p on p.id = wa.program_id join organizations o on o.id = wa.organization_id
      where wa.organization_id = :organization_id and wa.program_id = :program and wa.status = 'active' and ${programStartedSql}
        and not exists (select 1 from conversations c where c.worker_assignment_id = wa.id)
        and not exists (select 1 from conversations c where c.worker_id = wa.worker_id and c.status = 'active')
      order by wa.worker_id`,
    { program: programId, at: new Date(options.at) },
  );
  const batchSize = options.batchSize ?? 50;
  const batches: string[][] = [];
  for (let i = 0; i < pending.length; i += batchSize) batches.push(pending.slice(i, i + batchSize).map((row) => row.worker_id));
  let started = 0;
  let skipped = 0;
  const runBatch = async (workerIds: string[]) => {
    await em.fork().transactional(async (tx) => {
      for (const workerId of workerIds) {
        if (await startOne(tx, workerId, options.at)) started++;
        else skipped++;
      }
    });
  };
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, async () => {
    while (next < batches.length) await runBatch(batches[next++]);
  });
  await Promise.all(lanes);
  return { started, skipped };
}

async function startOne(tx: EntityManager, workerId: string, at: number): Promise<boolean> {
  const locked = await scopedSql(tx, `select 1 from workers where organization_id = :organization_id and id = :worker and status = 'active' for no key update skip locked`, { worker: workerId });
  if (locked.length === 0) return false;
  // Locked by another run: that run is starting this worker. A new statement after the lock sees
  // a conversation another run committed just before.
  const busy = await scopedSql(tx, `select 1 from conversations where organization_id = :organization_id and worker_id = :worker and status = 'active'`, { worker: workerId });
  if (busy.length > 0) return false;
  return (await startNextConversation(tx, workerId, at)) !== undefined;
}
