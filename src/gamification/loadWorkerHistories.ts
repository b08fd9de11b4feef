import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { WorkerHistory } from './backtestRules';
import type { LedgerDetail } from './ledgerEntry';

/** Every worker's (or one worker's) standing ledger events (reversals and what they reversed left out), oldest first, in one read. */
export async function loadWorkerHistories(em: EntityManager, workerId?: string): Promise<WorkerHistory[]> {
  const rows = await scopedSql<{ worker_id: string; timezone: string; kind: string; detail: LedgerDetail; at: string }>(
    em,
    `select l.worker_id, coalesce(w.timezone, o.settings ->> 'timezone', 'UTC') as timezone, l.kind, l.detail,
            (extract(epoch from l.occurred_at) * 1000)::bigint::text as at
       from gamification_ledger l
       join workers w on w.organization_id = :organization_id and w.id = l.worker_id
       join organizations o on o.id = l.organization_id
      where l.organization_id = :organization_id and l.reverses_id is null and (:worker::uuid is null or l.worker_id = :worker::uuid)
        and not exists (select 1 from gamification_ledger r where r.organization_id = :organization_id and r.reverses_id = l.id)
      order by l.worker_id, l.occurred_at, l.recorded_at`,
    { worker: workerId ?? null },
  );
  const histories = new Map<string, WorkerHistory>();
  for (const row of rows) {
    let history = histories.get(row.worker_id);
    if (!history) {
      history = { workerId: row.worker_id, timezone: row.timezone, events: [] };
      histories.set(row.worker_id, history);
    }
    history.events.push({ kind: row.kind, detail: row.detail, at: Number(row.at) });
  }
  return [...histories.values()];
}
